<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja_JP">
<context>
    <name>ChainWizardText</name>
    <message>
        <source>MailShim (this program)</source>
        <translation>MailShim (このプログラム)</translation>
    </message>
    <message>
        <source>Antivirus proxy (takes host:user)</source>
        <translation>ウイルス対策プロキシ (host:user 形式)</translation>
    </message>
    <message>
        <source>POPFile or a proxy that takes host:port:user</source>
        <translation>POPFile または host:port:user 形式のプロキシ</translation>
    </message>
    <message>
        <source>Fixed forwarder (passes the user name on)</source>
        <translation>固定転送 (ユーザー名をそのまま渡す)</translation>
    </message>
    <message>
        <source>Antivirus</source>
        <translation>ウイルス対策</translation>
    </message>
    <message>
        <source>Forwarder</source>
        <translation>転送</translation>
    </message>
    <message>
        <source>hop %1</source>
        <translation>中継 %1</translation>
    </message>
    <message>
        <source>The chain has no hops: add at least MailShim.</source>
        <translation>チェーンに中継がありません。少なくとも MailShim を追加してください。</translation>
    </message>
    <message>
        <source>The server name or the user name at the server is missing or invalid.</source>
        <translation>サーバー名またはサーバーでのユーザー名が未入力か無効です。</translation>
    </message>
    <message>
        <source>%1 has no port yet. Use &quot;Find free ports&quot;.</source>
        <translation>%1 のポートが未設定です。「空きポートを探す」を使ってください。</translation>
    </message>
    <message>
        <source>%1 and %2 both listen on port %3: each hop needs its own port.</source>
        <translation>%1 と %2 が両方ともポート %3 で待ち受けています。中継ごとに別のポートが必要です。</translation>
    </message>
    <message>
        <source>%1 would listen on port %2, which MailShim&apos;s listener &quot;%3&quot; uses.</source>
        <translation>%1 はポート %2 で待ち受けようとしていますが、このポートは MailShim のリスナー「%3」が使っています。</translation>
    </message>
    <message>
        <source>Another program already listens on port %1, so %2 cannot.</source>
        <translation>ポート %1 はすでに別のプログラムが使っているため、%2 は待ち受けできません。</translation>
    </message>
    <message>
        <source>The server is %1 itself: the mail would go round in a loop.</source>
        <translation>サーバーが %1 自身になっています。メールがループしてしまいます。</translation>
    </message>
    <message>
        <source>%1 cannot be told a port (it takes host%2user), so it always connects to port 110, but the next hop listens elsewhere. Let the next hop listen on 110, or choose the host:port:user kind if %1 accepts it.</source>
        <translation>%1 にはポートを指定できない (host%2user 形式) ため、常にポート 110 に接続しますが、次の中継は別のポートで待ち受けています。次の中継をポート 110 で待ち受けさせるか、%1 が対応していれば種類を host:port:user 形式にしてください。</translation>
    </message>
    <message>
        <source>%1 reads the mail but stands between MailShim and the server. A scanner cannot read encrypted mail, so MailShim&apos;s encryption must be the last hop, after every scanner.</source>
        <translation>%1 はメールの内容を読みますが、MailShim とサーバーの間に置かれています。スキャナーは暗号化されたメールを読めないため、MailShim の暗号化はすべてのスキャナーの後、サーバー直前の最後の中継にする必要があります。</translation>
    </message>
    <message>
        <source>The server expects TLS, but the last hop, %1, speaks only plain POP3. Put MailShim last.</source>
        <translation>サーバーは TLS を必要としますが、最後の中継 %1 は暗号化なしの POP3 しか話せません。MailShim を最後に置いてください。</translation>
    </message>
    <message>
        <source>%1 talks to the server without encryption: the password and the mail cross the network in the clear.</source>
        <translation>%1 は暗号化せずにサーバーと通信します。パスワードとメールが平文でネットワークを流れます。</translation>
    </message>
    <message>
        <source>MailShim appears twice. One MailShim does not pass mail to its own listeners (that is how it prevents mail loops); keep one MailShim hop.</source>
        <translation>MailShim が 2 回含まれています。MailShim は自分自身のリスナーにはメールを渡しません (メールのループを防ぐため)。MailShim の中継は 1 つにしてください。</translation>
    </message>
    <message>
        <source>The separator of %1 cannot be used here: it must be one of %2 and must not appear in the next host name.</source>
        <translation>%1 の区切り文字はここでは使えません。%2 のいずれかで、次のホスト名に含まれない文字にしてください。</translation>
    </message>
    <message>
        <source>MailShim&apos;s listener &quot;%1&quot; listens on %2:%3 and passes user names of the form host%4...%4user on, to %5 only.</source>
        <translation>MailShim のリスナー「%1」は %2:%3 で待ち受け、host%4...%4user 形式のユーザー名を %5 にだけ中継します。</translation>
    </message>
    <message>
        <source>MailShim&apos;s listener &quot;%1&quot; listens on %2:%3 and connects to %4 using %5.</source>
        <translation>MailShim のリスナー「%1」は %2:%3 で待ち受け、%5 で %4 に接続します。</translation>
    </message>
    <message>
        <source>%1: let it listen on %2:%3. It finds the next hop (%4) in the user name; it always connects to port 110.</source>
        <translation>%1: %2:%3 で待ち受けるよう設定してください。次の中継 (%4) はユーザー名から読み取られます。接続先のポートは常に 110 です。</translation>
    </message>
    <message>
        <source>%1: POP3 listen port %2, separator &quot;%3&quot;. It finds the next hop (%4) in the user name.</source>
        <translation>%1: POP3 の待ち受けポート %2、区切り文字「%3」。次の中継 (%4) はユーザー名から読み取られます。</translation>
    </message>
    <message>
        <source>%1: let it listen on %2:%3 and forward to %4.</source>
        <translation>%1: %2:%3 で待ち受け、%4 に転送するよう設定してください。</translation>
    </message>
    <message>
        <source>%1 (%2:%3)</source>
        <translation>%1 (%2:%3)</translation>
    </message>
    <message>
        <source>The chain works: a login went through every hop to the server, which answered %1.</source>
        <translation>チェーンは動作しています。すべての中継を通ってサーバーにログインでき、サーバーの応答は %1 でした。</translation>
    </message>
    <message>
        <source>The chain breaks at %1: nothing answers there (%2). Is that program running?</source>
        <translation>チェーンは %1 で途切れています。応答がありません (%2)。そのプログラムは起動していますか?</translation>
    </message>
    <message>
        <source>The chain breaks at %1: it does not greet like a POP3 proxy (%2).</source>
        <translation>チェーンは %1 で途切れています。POP3 プロキシとしての応答がありません (%2)。</translation>
    </message>
    <message>
        <source>%1 refused the login: &quot;%2&quot;. This reply comes from the server behind it: check the user name and password.</source>
        <translation>%1 がログインを拒否しました:「%2」。この応答はその先のサーバーからのものです。ユーザー名とパスワードを確認してください。</translation>
    </message>
    <message>
        <source>The chain breaks at %1: it refused %2 with &quot;%3&quot;.</source>
        <translation>チェーンは %1 で途切れています。%2 が「%3」で拒否されました。</translation>
    </message>
    <message>
        <source>The test was stopped.</source>
        <translation>テストを中止しました。</translation>
    </message>
    <message>
        <source>Logging in at %1...</source>
        <translation>%1 でログインしています...</translation>
    </message>
    <message>
        <source>Checking that %1 answers...</source>
        <translation>%1 が応答するか確認しています...</translation>
    </message>
    <message>
        <source>The spam filter goes first, then the antivirus, and MailShim last, next to the server. Scanners cannot read encrypted mail, so they must see it after MailShim has decrypted it; the spam filter then classifies mail the antivirus has already cleaned.</source>
        <translation>迷惑メールフィルターを最初に、次にウイルス対策、MailShim を最後 (サーバーの直前) に置きます。スキャナーは暗号化されたメールを読めないため、MailShim が復号した後のメールを見る必要があります。迷惑メールフィルターは、ウイルス対策で検査済みのメールを分類します。</translation>
    </message>
</context>
<context>
    <name>Engine</name>
    <message>
        <source>user-name routing</source>
        <translation>ユーザー名による転送先の指定</translation>
    </message>
    <message>
        <source>listening on %1 port %2 for %3</source>
        <translation>%1 のポート %2 で待ち受けています (転送先: %3)</translation>
    </message>
    <message>
        <source>cannot listen on %1 port %2: %3; retrying in %4 s</source>
        <translation>%1 のポート %2 で待ち受けできません: %3。%4 秒後にもう一度試します</translation>
    </message>
    <message>
        <source>waiting for network: %1</source>
        <translation>ネットワークを待っています: %1</translation>
    </message>
    <message>
        <source>%1 resolves again: the network is up</source>
        <translation>%1 の名前が再び解決できました。ネットワークにつながっています</translation>
    </message>
    <message>
        <source>stopped listening on port %1: %2</source>
        <translation>ポート %1 での待ち受けを止めました: %2</translation>
    </message>
    <message>
        <source>this listener already has %1 sessions (maxSessions)</source>
        <translation>このリスナーの接続数が上限の %1 に達しています (maxSessions)</translation>
    </message>
    <message>
        <source>MailShim already has %1 sessions (maxSessionsTotal)</source>
        <translation>MailShim 全体の接続数が上限の %1 に達しています (maxSessionsTotal)</translation>
    </message>
    <message>
        <source>connection refused: %1</source>
        <translation>接続を断りました: %1</translation>
    </message>
    <message>
        <source>cannot resolve %1 (%2); trying again in %3 s</source>
        <translation>%1 の名前を解決できません (%2)。%3 秒後にもう一度試します</translation>
    </message>
    <message>
        <source>removed from the configuration</source>
        <translation>設定から削除されました</translation>
    </message>
    <message>
        <source>configuration changed</source>
        <translation>設定が変更されました</translation>
    </message>
    <message>
        <source>configuration applied: %1 listener(s)</source>
        <translation>設定を適用しました: リスナー %1 件</translation>
    </message>
    <message>
        <source>MailShim stopped</source>
        <translation>MailShim を停止しました</translation>
    </message>
    <message>
        <source>certificate of %1 %2</source>
        <translation>%1 の証明書: %2</translation>
    </message>
    <message>
        <source>%1 is MailShim itself (%2 port %3): refused to prevent a mail loop</source>
        <translation>%1 は MailShim 自身です (%2 のポート %3)。メールのループを防ぐため接続しません</translation>
    </message>
    <message>
        <source>TLS with %1 failed: %2</source>
        <translation>%1 との TLS に失敗しました: %2</translation>
    </message>
    <message>
        <source>no connection within %1 s</source>
        <translation>%1 秒以内に接続できませんでした</translation>
    </message>
    <message>
        <source>%1 did not answer in time during %2</source>
        <translation>%1 が %2 の途中で時間内に応答しませんでした</translation>
    </message>
    <message>
        <source>cannot reach %1 after %2 attempts: %3</source>
        <translation>%2 回試しましたが %1 に接続できません: %3</translation>
    </message>
    <message>
        <source>connecting to %1, attempt %2</source>
        <translation>%1 に接続しています (%2 回目)</translation>
    </message>
    <message>
        <source>cannot reach %1: %2; retrying in %3 ms</source>
        <translation>%1 に接続できません: %2。%3 ミリ秒後にもう一度試します</translation>
    </message>
    <message>
        <source>TLS established with %1: %2%3</source>
        <translation>%1 との TLS を確立しました: %2%3</translation>
    </message>
    <message>
        <source>%1 sent a line over 512 bytes during %2</source>
        <translation>%1 が %2 の途中で 512 バイトを超える行を送ってきました</translation>
    </message>
    <message>
        <source>%1 refused STLS (%2); not continuing without encryption</source>
        <translation>%1 が STLS を拒否しました (%2)。暗号化なしでは続けません</translation>
    </message>
    <message>
        <source>%1 sent data after its +OK to STLS (response injection?); connection aborted</source>
        <translation>%1 が STLS への +OK の後にデータを送ってきました (応答の挿入攻撃の疑い)。接続を中止しました</translation>
    </message>
    <message>
        <source>%1 answered the login with a malformed line</source>
        <translation>%1 がログインに対して不正な形式の行で応答しました</translation>
    </message>
    <message>
        <source>%1 refused the login: %2</source>
        <translation>%1 がログインを拒否しました: %2</translation>
    </message>
    <message>
        <source>%1 greeted with an error: %2</source>
        <translation>%1 の最初の応答がエラーでした: %2</translation>
    </message>
    <message>
        <source>banner: %1</source>
        <translation>サーバーの最初の応答: %1</translation>
    </message>
    <message>
        <source>%1 offers no valid APOP timestamp in its greeting; APOP refused, no clear-text fallback</source>
        <translation>%1 の最初の応答に有効な APOP タイムスタンプがありません。APOP は使えず、平文のログインにも切り替えません</translation>
    </message>
    <message>
        <source>%1 sent data after CAPA before STLS was sent (response injection?); connection aborted</source>
        <translation>%1 が STLS を送る前に CAPA の後のデータを送ってきました (応答の挿入攻撃の疑い)。接続を中止しました</translation>
    </message>
    <message>
        <source>%1 does not offer STLS; not continuing without encryption</source>
        <translation>%1 は STLS に対応していません。暗号化なしでは続けません</translation>
    </message>
    <message>
        <source>%1 sent unexpected data after the login reply</source>
        <translation>%1 がログインの応答の後に予期しないデータを送ってきました</translation>
    </message>
    <message>
        <source>%1 greeted; no login asked for</source>
        <translation>%1 が応答しました (ログインはしていません)</translation>
    </message>
    <message>
        <source>logged in to %1 as %2</source>
        <translation>%1 に %2 としてログインしました</translation>
    </message>
    <message>
        <source>%1 closed the connection during %2: %3</source>
        <translation>%1 が %2 の途中で接続を閉じました: %3</translation>
    </message>
    <message>
        <source>TLS handshake after STLS</source>
        <translation>STLS 後の TLS ハンドシェイク</translation>
    </message>
    <message>
        <source>client connected from %1 port %2</source>
        <translation>クライアントが %1 のポート %2 から接続しました</translation>
    </message>
    <message>
        <source>stopped by MailShim</source>
        <translation>MailShim が停止しました</translation>
    </message>
    <message>
        <source>too much input before the login finished</source>
        <translation>ログインが終わる前に送られたデータが多すぎます</translation>
    </message>
    <message>
        <source>client flooded during the login</source>
        <translation>クライアントがログイン中に大量のデータを送ってきました</translation>
    </message>
    <message>
        <source>line too long (limit %1 bytes)</source>
        <translation>行が長すぎます (上限 %1 バイト)</translation>
    </message>
    <message>
        <source>client sent an overlong line</source>
        <translation>クライアントが長すぎる行を送ってきました</translation>
    </message>
    <message>
        <source>HTTP request on the POP3 port; connection closed</source>
        <translation>POP3 のポートに HTTP の要求が届いたため、接続を閉じました</translation>
    </message>
    <message>
        <source>HTTP request refused</source>
        <translation>HTTP の要求を断りました</translation>
    </message>
    <message>
        <source>client: %1</source>
        <translation>クライアント: %1</translation>
    </message>
    <message>
        <source>client quit before logging in</source>
        <translation>クライアントがログイン前に終了しました</translation>
    </message>
    <message>
        <source>too many bad commands before login; connection closed</source>
        <translation>ログイン前の不正なコマンドが多すぎるため、接続を閉じました</translation>
    </message>
    <message>
        <source>too many bad commands</source>
        <translation>不正なコマンドが多すぎます</translation>
    </message>
    <message>
        <source>routing refused for user &quot;%1&quot;: %2</source>
        <translation>ユーザー「%1」の転送先を受け付けられません: %2</translation>
    </message>
    <message>
        <source>%1 failed recently (%2); next try in %3 s</source>
        <translation>%1 は少し前に失敗しました (%2)。次は %3 秒後に試します</translation>
    </message>
    <message>
        <source>login to %1 failed recently with this password; not retried for %2 s (a different password is tried at once)</source>
        <translation>%1 へのログインはこのパスワードで少し前に失敗しました。%2 秒間は試しません (別のパスワードならすぐに試します)</translation>
    </message>
    <message>
        <source>warning: %1 is configured as plain; the password crosses the network unprotected</source>
        <translation>警告: %1 は保護なし (plain)に設定されています。パスワードが保護されずにネットワークを流れます</translation>
    </message>
    <message>
        <source>using the stored password for %1</source>
        <translation>%1 の保存済みパスワードを使います</translation>
    </message>
    <message>
        <source>no stored password for %1; using the client&apos;s</source>
        <translation>%1 の保存済みパスワードがありません。クライアントのパスワードを使います</translation>
    </message>
    <message>
        <source>keychain unavailable (%1); using the client&apos;s password for %2</source>
        <translation>キーチェーンを使えません (%1)。%2 にはクライアントのパスワードを使います</translation>
    </message>
    <message>
        <source>client left during the login</source>
        <translation>クライアントがログインの途中で切断しました</translation>
    </message>
    <message>
        <source>logged in to %1</source>
        <translation>%1 にログインしました</translation>
    </message>
    <message>
        <source>session ended: %1</source>
        <translation>セッションが終わりました: %1</translation>
    </message>
    <message>
        <source>the server refused the login</source>
        <translation>サーバーがログインを拒否しました</translation>
    </message>
    <message>
        <source>login not completed within %1 s</source>
        <translation>%1 秒以内にログインが終わりませんでした</translation>
    </message>
    <message>
        <source>client disconnected before logging in</source>
        <translation>クライアントがログイン前に切断しました</translation>
    </message>
    <message>
        <source>client sent a command line over %1 bytes</source>
        <translation>クライアントが %1 バイトを超えるコマンド行を送ってきました</translation>
    </message>
    <message>
        <source>server protocol error: %1</source>
        <translation>サーバーのプロトコルエラー: %1</translation>
    </message>
    <message>
        <source>client quit</source>
        <translation>クライアントが終了しました</translation>
    </message>
    <message>
        <source>client disconnected without QUIT</source>
        <translation>クライアントが QUIT せずに切断しました</translation>
    </message>
    <message>
        <source>session ended with QUIT</source>
        <translation>QUIT でセッションが終わりました</translation>
    </message>
    <message>
        <source>server closed the connection in the middle of a message</source>
        <translation>メッセージの途中でサーバーが接続を閉じました</translation>
    </message>
    <message>
        <source>server closed the connection</source>
        <translation>サーバーが接続を閉じました</translation>
    </message>
    <message>
        <source>server did not answer within %1 s</source>
        <translation>サーバーが %1 秒以内に応答しませんでした</translation>
    </message>
    <message>
        <source>idle for %1 s</source>
        <translation>%1 秒間やり取りがありませんでした</translation>
    </message>
    <message>
        <source>this listener expects user names of the form host[:port]%1user</source>
        <translation>このリスナーではユーザー名を host[:port]%1user の形で入力してください</translation>
    </message>
    <message>
        <source>user name is not of the form host[:port]%1user</source>
        <translation>ユーザー名が host[:port]%1user の形になっていません</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid host name</source>
        <translation>「%1」は正しいホスト名ではありません</translation>
    </message>
    <message>
        <source>%1 is allowed on several ports; put the port in the user name</source>
        <translation>%1 は複数のポートで許可されています。ユーザー名にポートを入れてください</translation>
    </message>
    <message>
        <source>%1 is not on this listener&apos;s allow-list</source>
        <translation>%1 はこのリスナーの許可リストにありません</translation>
    </message>
    <message>
        <source>%1 is one of MailShim&apos;s own listeners: refused to prevent a mail loop</source>
        <translation>%1 は MailShim 自身のリスナーです。メールのループを防ぐため接続しません</translation>
    </message>
    <message>
        <source>TLS handshake</source>
        <translation>TLS ハンドシェイク</translation>
    </message>
    <message>
        <source>connect</source>
        <translation>接続</translation>
    </message>
    <message>
        <source>greeting</source>
        <translation>最初の応答</translation>
    </message>
    <message>
        <source>CAPA before STLS</source>
        <translation>STLS 前の CAPA</translation>
    </message>
    <message>
        <source>APOP login</source>
        <translation>APOP ログイン</translation>
    </message>
    <message>
        <source>done</source>
        <translation>完了</translation>
    </message>
    <message>
        <source>certificate of %1 accepted by its pinned key despite: %2</source>
        <translation>%1 の証明書は、固定した公開鍵と一致したため、次の問題があっても受け入れました: %2</translation>
    </message>
    <message>
        <source>the user name is empty</source>
        <translation>ユーザー名が空です</translation>
    </message>
    <message>
        <source>a user name cannot hold spaces or control characters</source>
        <translation>ユーザー名に空白や制御文字は使えません</translation>
    </message>
    <message>
        <source>the name ends after &quot;%1&quot;: the user name at the server is missing</source>
        <translation>「%1」の後で名前が終わっています。サーバーでのユーザー名がありません</translation>
    </message>
    <message>
        <source>&quot;%1&quot; names no host: it is a plain user name, not a chain</source>
        <translation>「%1」にはホストが含まれていません。チェーンではなく通常のユーザー名です</translation>
    </message>
    <message>
        <source>hop %1</source>
        <translation>中継 %1</translation>
    </message>
    <message>
        <source>The login went through the whole chain: %1</source>
        <translation>チェーン全体を通ってログインできました: %1</translation>
    </message>
    <message>
        <source>%1 does not answer: %2</source>
        <translation>%1 が応答しません: %2</translation>
    </message>
    <message>
        <source>%1 does not greet like a POP3 server: %2</source>
        <translation>%1 が POP3 サーバーとして応答しません: %2</translation>
    </message>
    <message>
        <source>%1 refused %2: %3</source>
        <translation>%1 が %2 を拒否しました: %3</translation>
    </message>
    <message>
        <source>The test was cancelled.</source>
        <translation>テストを中止しました。</translation>
    </message>
    <message>
        <source>the chain has no hops</source>
        <translation>チェーンに中継がありません</translation>
    </message>
    <message>
        <source>the connection was lost</source>
        <translation>接続が切れました</translation>
    </message>
    <message>
        <source>a reply line was too long</source>
        <translation>応答の行が長すぎます</translation>
    </message>
    <message>
        <source>no answer within %1 seconds</source>
        <translation>%1 秒以内に応答がありません</translation>
    </message>
    <message>
        <source>TLS handshake failed: %1</source>
        <translation>TLS ハンドシェイクに失敗しました: %1</translation>
    </message>
    <message>
        <source>the certificate&apos;s key does not match the pinned key</source>
        <translation>証明書の公開鍵が固定した鍵と一致しません</translation>
    </message>
    <message>
        <source>certificate not trusted: %1</source>
        <translation>証明書は信頼されていません: %1</translation>
    </message>
    <message>
        <source>no certificate</source>
        <translation>証明書がありません</translation>
    </message>
    <message>
        <source>sent a line over 512 bytes (%1)</source>
        <translation>512 バイトを超える行が送られてきました (%1)</translation>
    </message>
    <message>
        <source>STLS refused: %1</source>
        <translation>STLS が拒否されました: %1</translation>
    </message>
    <message>
        <source>data after the +OK to STLS (response injection?)</source>
        <translation>STLS への +OK の後にデータがあります (応答の挿入攻撃の疑い)</translation>
    </message>
    <message>
        <source>did not greet with +OK</source>
        <translation>最初の応答が +OK ではありません</translation>
    </message>
    <message>
        <source>data after CAPA before STLS was sent (response injection?)</source>
        <translation>STLS を送る前に CAPA の後のデータがあります (応答の挿入攻撃の疑い)</translation>
    </message>
    <message>
        <source>cannot connect: %1</source>
        <translation>接続できません: %1</translation>
    </message>
    <message>
        <source>connection lost (%1): %2</source>
        <translation>接続が切れました (%1): %2</translation>
    </message>
    <message>
        <source>no TLS handshake within %1 s</source>
        <translation>%1 秒以内に TLS ハンドシェイクが終わりませんでした</translation>
    </message>
    <message>
        <source>no answer within %1 s (%2)</source>
        <translation>%1 秒以内に応答がありません (%2)</translation>
    </message>
    <message>
        <source>not started</source>
        <translation>未開始</translation>
    </message>
    <message>
        <source>connecting</source>
        <translation>接続中</translation>
    </message>
    <message>
        <source>waiting for the greeting</source>
        <translation>最初の応答を待っています</translation>
    </message>
    <message>
        <source>not reachable</source>
        <translation>接続できません</translation>
    </message>
    <message>
        <source>no +OK greeting</source>
        <translation>最初の応答が +OK ではありません</translation>
    </message>
    <message>
        <source>no usable TLS</source>
        <translation>使える TLS がありません</translation>
    </message>
    <message>
        <source>no STLS offered</source>
        <translation>STLS に対応していません</translation>
    </message>
    <message>
        <source>Issued to: %1</source>
        <translation>発行先: %1</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>(名前なし)</translation>
    </message>
    <message>
        <source>Issued by: %1%2</source>
        <translation>発行者: %1%2</translation>
    </message>
    <message>
        <source> (self-signed)</source>
        <translation>(自己署名)</translation>
    </message>
    <message>
        <source>Valid from %1 to %2%3</source>
        <translation>有効期間: %1 から %2 まで%3</translation>
    </message>
    <message>
        <source> (expired)</source>
        <translation>(期限切れ)</translation>
    </message>
    <message>
        <source> (not yet valid)</source>
        <translation>(まだ有効になっていません)</translation>
    </message>
    <message>
        <source>Public key SHA-256: %1</source>
        <translation>公開鍵の SHA-256: %1</translation>
    </message>
    <message>
        <source>Trusted for this server name.</source>
        <translation>このサーバー名に対して信頼されています。</translation>
    </message>
    <message>
        <source>Not trusted, but its key matches your pin.</source>
        <translation>信頼されていませんが、公開鍵は固定した鍵と一致します。</translation>
    </message>
    <message>
        <source>Not trusted: %1</source>
        <translation>信頼されていません: %1</translation>
    </message>
    <message>
        <source>port %1</source>
        <translation>ポート %1</translation>
    </message>
    <message>
        <source>the certificate you pinned</source>
        <translation>固定した証明書</translation>
    </message>
    <message>
        <source>a trusted certificate</source>
        <translation>信頼された証明書</translation>
    </message>
    <message>
        <source>%1 offers TLS with %2 for %3.</source>
        <translation>%1 は %3 の%2で TLS に対応しています。</translation>
    </message>
    <message>
        <source>%1 offers STLS with %2 for %3; %4: %5.</source>
        <translation>%1 は %3 の%2で STLS に対応しています。%4: %5。</translation>
    </message>
    <message>
        <source>%1 works, but only after you pin the certificate of %2 port %3: it is not trusted (%4). Pin its key (SHA-256 %5) only if you know it is your server&apos;s.</source>
        <translation>%1 は使えますが、%2 のポート %3 の証明書を固定した後に限ります。この証明書は信頼されていません (%4)。ご自分のサーバーのものだと分かっている場合だけ、公開鍵 (SHA-256 %5) を固定してください。</translation>
    </message>
    <message>
        <source> Without a pin, apop works, but mail travels unencrypted.</source>
        <translation> 固定しなくても apop は使えますが、メールは暗号化されずに届きます。</translation>
    </message>
    <message>
        <source>No usable TLS (%1: %2; %3: %4). APOP keeps the password off the wire, but mail travels unencrypted (legacy).</source>
        <translation>使える TLS がありません (%1: %2、%3: %4)。APOP ならパスワードはネットワークに流れませんが、メールは暗号化されずに届きます (旧式)。</translation>
    </message>
    <message>
        <source>No protected mode works (%1: %2; %3: %4).</source>
        <translation>保護された方式がどれも使えません (%1: %2、%3: %4)。</translation>
    </message>
    <message>
        <source> The server answers plain POP3 only; MailShim will not recommend sending the password unprotected.</source>
        <translation> このサーバーは暗号化なしの POP3 にしか応答しません。MailShim はパスワードを保護なしで送ることはお勧めしません。</translation>
    </message>
    <message>
        <source>Connecting to %1</source>
        <translation>%1 に接続しています</translation>
    </message>
    <message>
        <source>no port to check</source>
        <translation>確認するポートがありません</translation>
    </message>
    <message>
        <source> The login was not tried.</source>
        <translation> ログインは試していません。</translation>
    </message>
    <message>
        <source> The login was not tried: it waits until the certificate is pinned.</source>
        <translation> ログインは試していません。証明書を固定した後に試します。</translation>
    </message>
    <message>
        <source>Logging in with %1</source>
        <translation>%1 でログインしています</translation>
    </message>
    <message>
        <source> The login test succeeded.</source>
        <translation> テストのログインに成功しました。</translation>
    </message>
    <message>
        <source> The login test failed: %1</source>
        <translation> テストのログインに失敗しました: %1</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完了</translation>
    </message>
    <message>
        <source>%1 uses no TLS, so there is no certificate</source>
        <translation>%1 は TLS を使わないため、証明書はありません</translation>
    </message>
    <message>
        <source>the server presented no certificate</source>
        <translation>サーバーが証明書を提示しませんでした</translation>
    </message>
    <message>
        <source>background process (no systemd)</source>
        <translation>バックグラウンドのプロセス (systemd なし)</translation>
    </message>
    <message>
        <source>systemd user unit %1</source>
        <translation>systemd ユーザーユニット %1</translation>
    </message>
    <message>
        <source>Windows service</source>
        <translation>Windows サービス</translation>
    </message>
    <message>
        <source>TLS handshake after STARTTLS</source>
        <translation>STARTTLS 後の TLS ハンドシェイク</translation>
    </message>
    <message>
        <source>%1 sent a malformed reply during %2: %3</source>
        <translation>%1 が %2 の途中で不正な形式の応答を送ってきました: %3</translation>
    </message>
    <message>
        <source>%1 refused EHLO: %2</source>
        <translation>%1 が EHLO を拒否しました: %2</translation>
    </message>
    <message>
        <source>%1 does not offer STARTTLS; not continuing without encryption</source>
        <translation>%1 は STARTTLS に対応していません。暗号化なしでは続けません</translation>
    </message>
    <message>
        <source>%1 refused STARTTLS (%2); not continuing without encryption</source>
        <translation>%1 が STARTTLS を拒否しました (%2)。暗号化なしでは続けません</translation>
    </message>
    <message>
        <source>%1 sent data after its 220 to STARTTLS (response injection?); connection aborted</source>
        <translation>%1 が STARTTLS への 220 の後にデータを送ってきました (応答の挿入攻撃の疑い)。接続を中止しました</translation>
    </message>
    <message>
        <source>%1 offers neither AUTH PLAIN nor AUTH LOGIN</source>
        <translation>%1 は AUTH PLAIN にも AUTH LOGIN にも対応していません</translation>
    </message>
    <message>
        <source>connected to %1 without AUTH</source>
        <translation>%1 に AUTH なしで接続しました</translation>
    </message>
    <message>
        <source>logged in to %1 as %2 (AUTH %3)</source>
        <translation>%1 に %2 としてログインしました (AUTH %3)</translation>
    </message>
    <message>
        <source>-&gt; %1</source>
        <translation>-&gt; %1</translation>
    </message>
    <message>
        <source>unknown setting</source>
        <translation>不明な設定です</translation>
    </message>
    <message>
        <source>unknown setting; did you mean &quot;%1&quot;?</source>
        <translation>不明な設定です。「%1」のことですか?</translation>
    </message>
    <message>
        <source>must be true or false, got %1</source>
        <translation>true か false にしてください (指定値: %1)</translation>
    </message>
    <message>
        <source>must be a whole number from %1 to %2, got %3</source>
        <translation>%1 から %2 までの整数にしてください (指定値: %3)</translation>
    </message>
    <message>
        <source>is required</source>
        <translation>必須です</translation>
    </message>
    <message>
        <source>must be a string, got %1</source>
        <translation>文字列にしてください (指定値: %1)</translation>
    </message>
    <message>
        <source>must be an object, got %1</source>
        <translation>オブジェクトにしてください (指定値: %1)</translation>
    </message>
    <message>
        <source>must be an array, got %1</source>
        <translation>配列にしてください (指定値: %1)</translation>
    </message>
    <message>
        <source>must be major, problems, low or all, got &quot;%1&quot;</source>
        <translation>major、problems、low、all のいずれかにしてください (指定値:「%1」)</translation>
    </message>
    <message>
        <source>is required (an array, may be empty)</source>
        <translation>必須です (配列。空でもかまいません)</translation>
    </message>
    <message>
        <source>must be an object</source>
        <translation>オブジェクトにしてください</translation>
    </message>
    <message>
        <source>is not a valid host name or IP address: &quot;%1&quot;</source>
        <translation>正しいホスト名または IP アドレスではありません:「%1」</translation>
    </message>
    <message>
        <source>must be apop, tls, stls, apop+tls or plain, got &quot;%1&quot;</source>
        <translation>apop、tls、stls、apop+tls、plain のいずれかにしてください (指定値:「%1」)</translation>
    </message>
    <message>
        <source>file not found: %1</source>
        <translation>ファイルが見つかりません: %1</translation>
    </message>
    <message>
        <source>holds no PEM certificate: %1</source>
        <translation>PEM 形式の証明書が含まれていません: %1</translation>
    </message>
    <message>
        <source>must be 64 hex digits (SHA-256 of the public key), got &quot;%1&quot;</source>
        <translation>64 桁の 16 進数 (公開鍵の SHA-256) にしてください (指定値:「%1」)</translation>
    </message>
    <message>
        <source>false needs pinSha256: only a pinned key may stand in for the host name check</source>
        <translation>false にするには pinSha256 が必要です。ホスト名の確認の代わりになるのは固定した公開鍵だけです</translation>
    </message>
    <message>
        <source>caFile and pinSha256 need a TLS mode (tls, stls or apop+tls)</source>
        <translation>caFile と pinSha256 には TLS を使う方式 (tls、stls、apop+tls) が必要です</translation>
    </message>
    <message>
        <source>plain: the password crosses the network unprotected</source>
        <translation>plain: パスワードが保護されずにネットワークを流れます</translation>
    </message>
    <message>
        <source>apop without TLS is a legacy mode: mail is not encrypted (apop+tls is offered)</source>
        <translation>TLS なしの apop は旧式の方式です。メールは暗号化されません (apop+tls が使えます)</translation>
    </message>
    <message>
        <source>must be one of the characters %1, got &quot;%2&quot;</source>
        <translation>%1 のいずれかの文字にしてください (指定値:「%2」)</translation>
    </message>
    <message>
        <source>routing is enabled but the allow-list is empty</source>
        <translation>転送先の指定が有効ですが、許可リストが空です</translation>
    </message>
    <message>
        <source>must be 1 to 64 characters</source>
        <translation>1 文字から 64 文字にしてください</translation>
    </message>
    <message>
        <source>must be address:port such as 127.0.0.1:3999, got &quot;%1&quot;</source>
        <translation>127.0.0.1:3999 のような アドレス:ポート の形にしてください (指定値:「%1」)</translation>
    </message>
    <message>
        <source>%1 is not a loopback address; set allowNonLoopback to listen beyond this computer</source>
        <translation>%1 はループバックアドレスではありません。このコンピューターの外から受け付けるには allowNonLoopback を設定してください</translation>
    </message>
    <message>
        <source>is required unless routing is enabled</source>
        <translation>転送先の指定を有効にしない場合は必須です</translation>
    </message>
    <message>
        <source>must be at most 255 characters without control characters</source>
        <translation>制御文字を含まない 255 文字以内にしてください</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is already used by listeners[%2]</source>
        <translation>「%1」はすでに listeners[%2] で使われています</translation>
    </message>
    <message>
        <source>port %1 is already used by listeners[%2]</source>
        <translation>ポート %1 はすでに listeners[%2] で使われています</translation>
    </message>
    <message>
        <source>points at this listener itself (%1:%2): a mail loop</source>
        <translation>このリスナー自身 (%1:%2) を指しています。メールがループします</translation>
    </message>
    <message>
        <source>not valid JSON at line %1, column %2: %3</source>
        <translation>%1 行目、%2 文字目が正しい JSON ではありません: %3</translation>
    </message>
    <message>
        <source>the top level must be a JSON object</source>
        <translation>最上位は JSON オブジェクトにしてください</translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation>%1 を読み込めません: %2</translation>
    </message>
    <message>
        <source>%1 is larger than 4 MiB; not a MailShim config</source>
        <translation>%1 は 4 MiB を超えています。MailShim の設定ファイルではありません</translation>
    </message>
    <message>
        <source>control channel: a request over %1 bytes was dropped</source>
        <translation>制御チャネル: %1 バイトを超える要求を破棄しました</translation>
    </message>
    <message>
        <source>control channel: shutdown requested</source>
        <translation>制御チャネル: 停止が要求されました</translation>
    </message>
    <message>
        <source>control channel: refused %1</source>
        <translation>制御チャネル: %1 を拒否しました</translation>
    </message>
    <message>
        <source>control channel: stored the password of %1</source>
        <translation>制御チャネル: %1 のパスワードを保存しました</translation>
    </message>
    <message>
        <source>control channel: forgot the password of %1</source>
        <translation>制御チャネル: %1 のパスワードを削除しました</translation>
    </message>
    <message>
        <source>control channel: the password of %1 was not stored: %2</source>
        <translation>制御チャネル: %1 のパスワードは保存されませんでした: %2</translation>
    </message>
    <message>
        <source>control channel: no longer accepting clients: %1</source>
        <translation>制御チャネル: これ以上クライアントを受け付けられません: %1</translation>
    </message>
    <message>
        <source>%1; running without a control channel</source>
        <translation>%1。制御チャネルなしで動作します</translation>
    </message>
    <message>
        <source>MailShim %1 started (config %2%3)</source>
        <translation>MailShim %1 を開始しました (設定 %2%3)</translation>
    </message>
    <message>
        <source>running without listeners: %1</source>
        <translation>リスナーなしで動作しています: %1</translation>
    </message>
    <message>
        <source>no config file yet: running without listeners</source>
        <translation>設定ファイルがまだありません。リスナーなしで動作しています</translation>
    </message>
    <message>
        <source>%1: warning: %2</source>
        <translation>%1: 警告: %2</translation>
    </message>
    <message>
        <source>%1: error: %2</source>
        <translation>%1: エラー: %2</translation>
    </message>
    <message>
        <source>%1: not reloaded; the running configuration stays in force</source>
        <translation>%1: 読み込み直していません。動作中の設定がそのまま使われます</translation>
    </message>
    <message>
        <source>reloaded %1</source>
        <translation>%1 を読み込み直しました</translation>
    </message>
    <message>
        <source>the broken config file was kept as %1</source>
        <translation>壊れた設定ファイルは %1 として残しました</translation>
    </message>
    <message>
        <source>stopping: %1</source>
        <translation>停止しています: %1</translation>
    </message>
    <message>
        <source>SIGHUP: reloading %1</source>
        <translation>SIGHUP: %1 を読み込み直しています</translation>
    </message>
    <message>
        <source>must be tls, starttls or plain for an SMTP listener, got &quot;%1&quot;</source>
        <translation>SMTP リスナーでは tls、starttls、plain のいずれかにしてください (指定値: &quot;%1&quot;)</translation>
    </message>
    <message>
        <source>must be pop3 or smtp, got &quot;%1&quot;</source>
        <translation>pop3 か smtp のどちらかにしてください (指定値: &quot;%1&quot;)</translation>
    </message>
    <message>
        <source>routing by user name is for POP3 listeners only</source>
        <translation>ユーザー名による接続先の振り分けは POP3 リスナー専用です</translation>
    </message>
    <message>
        <source>is for SMTP listeners only</source>
        <translation>SMTP リスナー専用の設定です</translation>
    </message>
    <message>
        <source>must be required or optional, got &quot;%1&quot;</source>
        <translation>required か optional のどちらかにしてください (指定値: &quot;%1&quot;)</translation>
    </message>
    <message>
        <source>optional needs a user and storedPassword (or login oauth2): a client that does not log in sends as that user</source>
        <translation>optional には user と storedPassword (または login oauth2) が必要です: ログインしないクライアントは、そのユーザーとして送信します</translation>
    </message>
    <message>
        <source>must be shorter than windowSeconds</source>
        <translation>windowSeconds より短くしてください</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a POP3 listener with a fixed server and a password login</source>
        <translation>「%1」は接続先サーバーが決まっていてパスワードでログインする POP3 リスナーではありません</translation>
    </message>
    <message>
        <source>no 220 greeting</source>
        <translation>最初の応答が 220 ではありません</translation>
    </message>
    <message>
        <source>no STARTTLS offered</source>
        <translation>STARTTLS に対応していません</translation>
    </message>
    <message>
        <source>%1 offers STARTTLS with %2 for %3; %4: %5.</source>
        <translation>%1 は %3 の%2で STARTTLS に対応しています。%4: %5。</translation>
    </message>
    <message>
        <source> The server answers plain SMTP only; MailShim will not recommend sending the password unprotected.</source>
        <translation> このサーバーは暗号化なしの SMTP にしか応答しません。MailShim はパスワードを保護なしで送ることはお勧めしません。</translation>
    </message>
    <message>
        <source> The server offers no login (AUTH) there: it may accept mail only after a POP3 login (POP before SMTP).</source>
        <translation> このサーバーはそのポートでログイン (AUTH) を提供していません。POP3 でログインした後にだけメールを受け付ける方式 (POP before SMTP) かもしれません。</translation>
    </message>
    <message>
        <source> The login was not tried: the server offers no AUTH.</source>
        <translation> サーバーが AUTH を提供していないため、ログインは試していません。</translation>
    </message>
    <message>
        <source>sent a malformed SMTP reply (%1): %2</source>
        <translation>不正な SMTP 応答を返しました (%1): %2</translation>
    </message>
    <message>
        <source>did not greet with 220: %1</source>
        <translation>最初の応答が 220 ではありません: %1</translation>
    </message>
    <message>
        <source>STARTTLS refused: %1</source>
        <translation>STARTTLS が拒否されました: %1</translation>
    </message>
    <message>
        <source>data after the 220 to STARTTLS (response injection?)</source>
        <translation>STARTTLS への 220 の後にデータがあります (応答の挿入攻撃の疑い)</translation>
    </message>
    <message>
        <source>refused EHLO: %1</source>
        <translation>EHLO が拒否されました: %1</translation>
    </message>
    <message>
        <source>data after EHLO before STARTTLS was sent (response injection?)</source>
        <translation>STARTTLS を送る前に EHLO の後のデータがあります (応答の挿入攻撃の疑い)</translation>
    </message>
    <message>
        <source>receive mail first: the POP3 listener &quot;%1&quot; is not configured</source>
        <translation>先にメールを受信してください: POP3 リスナー「%1」が設定されていません</translation>
    </message>
    <message>
        <source>POP before SMTP: %1 logged in %2 s ago</source>
        <translation>POP before SMTP: %1 は %2 秒前にログインしています</translation>
    </message>
    <message>
        <source>receive mail first: this server lets you send only after a POP3 login, and &quot;%1&quot; has no stored password for MailShim to log in</source>
        <translation>先にメールを受信してください: このサーバーは POP3 でログインした後にだけ送信を許可しますが、「%1」には MailShim がログインに使う保存済みのパスワードがありません</translation>
    </message>
    <message>
        <source>receive mail first: no stored password for %1</source>
        <translation>先にメールを受信してください: %1 の保存済みのパスワードがありません</translation>
    </message>
    <message>
        <source>receive mail first: keychain unavailable (%1)</source>
        <translation>先にメールを受信してください: キーチェーンを使用できません (%1)</translation>
    </message>
    <message>
        <source>POP before SMTP: logging in to %1 as %2</source>
        <translation>POP before SMTP: %2 として %1 にログインしています</translation>
    </message>
    <message>
        <source>receive mail first: the POP3 login failed: %1</source>
        <translation>先にメールを受信してください: POP3 のログインに失敗しました: %1</translation>
    </message>
    <message>
        <source>POP before SMTP: waiting %1 ms for the login to take effect</source>
        <translation>POP before SMTP: ログインが有効になるまで %1 ミリ秒待っています</translation>
    </message>
    <message>
        <source>%1 closed the connection before the login</source>
        <translation>%1 がログインの前に接続を閉じました</translation>
    </message>
    <message>
        <source>%1 ended the session while waiting: %2</source>
        <translation>%1 が待機中にセッションを終了しました: %2</translation>
    </message>
    <message>
        <source>waiting for the client&apos;s login</source>
        <translation>クライアントのログインを待っています</translation>
    </message>
    <message>
        <source>the mail server did not answer within %1 s</source>
        <translation>メールサーバーが %1 秒以内に応答しませんでした</translation>
    </message>
    <message>
        <source>client sent its message before the reply to DATA</source>
        <translation>クライアントが DATA への応答を待たずにメッセージを送りました</translation>
    </message>
    <message>
        <source>client sent BDAT, which MailShim does not offer</source>
        <translation>クライアントが BDAT を送りましたが、MailShim は BDAT に対応していません</translation>
    </message>
    <message>
        <source>the mail server sent a malformed reply: %1</source>
        <translation>メールサーバーが不正な応答を返しました: %1</translation>
    </message>
    <message>
        <source>the mail server sent a line over 512 bytes</source>
        <translation>メールサーバーが 512 バイトを超える行を送りました</translation>
    </message>
    <message>
        <source>the mail server ended the session: %1</source>
        <translation>メールサーバーがセッションを終了しました: %1</translation>
    </message>
    <message>
        <source>message accepted by the server: %1</source>
        <translation>サーバーがメッセージを受け付けました: %1</translation>
    </message>
    <message>
        <source>message refused by the server: %1 %2</source>
        <translation>サーバーがメッセージを拒否しました: %1 %2</translation>
    </message>
    <message>
        <source>client disconnected in the middle of a message; the server got no end of message and delivers nothing</source>
        <translation>クライアントがメッセージの途中で切断しました。サーバーにはメッセージの終わりが届いていないため、何も配送されません</translation>
    </message>
    <message>
        <source>the mail server closed the connection during a message; it was not sent</source>
        <translation>メッセージの途中でメールサーバーが接続を閉じました。メッセージは送信されていません</translation>
    </message>
    <message>
        <source>the mail server closed the connection</source>
        <translation>メールサーバーが接続を閉じました</translation>
    </message>
    <message>
        <source>this SMTP listener has no server configured</source>
        <translation>この SMTP リスナーには接続先サーバーが設定されていません</translation>
    </message>
    <message>
        <source>HTTP request on the SMTP port; connection closed</source>
        <translation>SMTP ポートに HTTP のリクエストが来たため、接続を閉じました</translation>
    </message>
    <message>
        <source>client quit before sending mail</source>
        <translation>クライアントがメールを送信する前に終了しました</translation>
    </message>
    <message>
        <source>no stored password for %1 at %2</source>
        <translation>%2 の %1 の保存済みのパスワードがありません</translation>
    </message>
    <message>
        <source>receive mail first</source>
        <translation>先にメールを受信してください</translation>
    </message>
    <message>
        <source>the connection to the mail server was lost</source>
        <translation>メールサーバーとの接続が切れました</translation>
    </message>
    <message>
        <source>connected to %1</source>
        <translation>%1 に接続しました</translation>
    </message>
    <message>
        <source>client disconnected before sending mail</source>
        <translation>クライアントがメールを送信する前に切断しました</translation>
    </message>
    <message>
        <source>%1 offers no AUTH (POP before SMTP): the client&apos;s login is not needed there</source>
        <translation>%1 は AUTH を提供していません (POP before SMTP): クライアントのログインはそこでは不要です</translation>
    </message>
    <message>
        <source>must be password or oauth2, got &quot;%1&quot;</source>
        <translation>password か oauth2 にしてください (指定値: 「%1」)</translation>
    </message>
    <message>
        <source>is used only with &quot;login&quot;: &quot;oauth2&quot;</source>
        <translation>&quot;login&quot;: &quot;oauth2&quot; のときだけ使う設定です</translation>
    </message>
    <message>
        <source>is required with login oauth2 (provider and clientId)</source>
        <translation>login が oauth2 のときは必須です (provider と clientId)</translation>
    </message>
    <message>
        <source>oauth2 needs upstream.security tls or %1, got &quot;%2&quot;</source>
        <translation>oauth2 には upstream.security の tls か %1 が必要です (指定値: 「%2」)</translation>
    </message>
    <message>
        <source>is required with login oauth2: the account that signs in</source>
        <translation>login が oauth2 のときは必須です: サインインするアカウントです</translation>
    </message>
    <message>
        <source>cannot be enabled with login oauth2: a token is for one account on one server</source>
        <translation>login が oauth2 のときは有効にできません: トークンは 1 つのサーバーの 1 つのアカウント用です</translation>
    </message>
    <message>
        <source>must be false with login oauth2: the access token replaces the password</source>
        <translation>login が oauth2 のときは false にしてください: パスワードの代わりにアクセストークンを使います</translation>
    </message>
    <message>
        <source>must be one of %1, got &quot;%2&quot;</source>
        <translation>%1 のいずれかにしてください (指定値: 「%2」)</translation>
    </message>
    <message>
        <source>is for the microsoft provider only</source>
        <translation>microsoft プロバイダー専用の設定です</translation>
    </message>
    <message>
        <source>must be common, organizations, a directory id or a domain, got &quot;%1&quot;</source>
        <translation>common、organizations、ディレクトリ ID またはドメインにしてください (指定値: 「%1」)</translation>
    </message>
    <message>
        <source>is required for a custom provider without an issuer</source>
        <translation>issuer のない custom プロバイダーでは必須です</translation>
    </message>
    <message>
        <source>must be 1 to 512 characters without control characters</source>
        <translation>制御文字を含まない 1〜512 文字にしてください</translation>
    </message>
    <message>
        <source>must be at most 512 characters without control characters</source>
        <translation>制御文字を含まない 512 文字以内にしてください</translation>
    </message>
    <message>
        <source>must be a scope name without spaces, got %1</source>
        <translation>空白を含まないスコープ名にしてください (指定値: %1)</translation>
    </message>
    <message>
        <source>must be an https:// URL (http:// only on this computer), got &quot;%1&quot;</source>
        <translation>https:// の URL にしてください (http:// はこのコンピューター上だけ) (指定値: 「%1」)</translation>
    </message>
    <message>
        <source>cannot be combined with login oauth2</source>
        <translation>login が oauth2 のときは使えません</translation>
    </message>
    <message>
        <source>this port signs in as %1 only, not as %2</source>
        <translation>このポートは %1 としてのみサインインします。%2 としてはサインインしません</translation>
    </message>
    <message>
        <source>no OAuth sign-in is available in this program</source>
        <translation>このプログラムでは OAuth のサインインを使えません</translation>
    </message>
    <message>
        <source>the OAuth sign-in for %1 gave an unusable access token</source>
        <translation>%1 の OAuth サインインから使えないアクセストークンが返されました</translation>
    </message>
    <message>
        <source>sign in again in MailShim (%1)</source>
        <translation>MailShim でもう一度サインインしてください (%1)</translation>
    </message>
    <message>
        <source>cannot get an access token for %1 (%2)</source>
        <translation>%1 のアクセストークンを取得できません (%2)</translation>
    </message>
    <message>
        <source>%1 refused AUTH %2: %3</source>
        <translation>%1 が AUTH %2 を拒否しました: %3</translation>
    </message>
    <message>
        <source>%1 refused the access token (status %2)</source>
        <translation>%1 がアクセストークンを拒否しました (status %2)</translation>
    </message>
    <message>
        <source>%1 went on challenging after the refused access token</source>
        <translation>%1 はアクセストークンを拒否した後もチャレンジを続けました</translation>
    </message>
    <message>
        <source>%1: an access token is sent only inside TLS</source>
        <translation>%1: アクセストークンは TLS の中でだけ送ります</translation>
    </message>
    <message>
        <source>CAPA inside TLS</source>
        <translation>TLS 内の CAPA</translation>
    </message>
    <message>
        <source>OAuth login</source>
        <translation>OAuth ログイン</translation>
    </message>
    <message>
        <source>%1 refused this access token recently; not retried for %2 s (sign in again in MailShim to try at once)</source>
        <translation>%1 はこのアクセストークンを少し前に拒否しました。%2 秒間は試しません (MailShim でもう一度サインインすればすぐに試します)</translation>
    </message>
    <message>
        <source>%1 refused the access token; trying a fresh one</source>
        <translation>%1 がアクセストークンを拒否しました。新しいトークンで試します</translation>
    </message>
    <message>
        <source>control channel: the sign-in of %1 was not stored: %2</source>
        <translation>制御チャンネル: %1 のサインインを保存できませんでした: %2</translation>
    </message>
    <message>
        <source>control channel: stored the sign-in of %1</source>
        <translation>制御チャンネル: %1 のサインインを保存しました</translation>
    </message>
    <message>
        <source>control channel: forgot the sign-in of %1</source>
        <translation>制御チャンネル: %1 のサインインを削除しました</translation>
    </message>
    <message>
        <source>the sign-in of %1 changed: its next login reads it</source>
        <translation>%1 のサインインが変わりました。次のログインから新しいサインインを使います</translation>
    </message>
    <message>
        <source>sign in again: %1 (listener %2): %3; sign in from the tray program, or run mailshim-service --sign-in %4</source>
        <translation>もう一度サインインしてください: %1 (リスナー %2): %3。トレイプログラムからサインインするか、mailshim-service --sign-in %4 を実行してください</translation>
    </message>
</context>
<context>
    <name>FileField</name>
    <message>
        <source>Browse...</source>
        <translation>参照...</translation>
    </message>
    <message>
        <source>CA certificate</source>
        <translation>CA 証明書</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation>証明書 (*.pem *.crt *.cer);;すべてのファイル (*)</translation>
    </message>
</context>
<context>
    <name>ProbeText</name>
    <message>
        <source>not reachable: %1</source>
        <translation>接続できません: %1</translation>
    </message>
    <message>
        <source>greeting: %1</source>
        <translation>サーバーの応答: %1</translation>
    </message>
    <message>
        <source>offers APOP</source>
        <translation>APOP に対応</translation>
    </message>
    <message>
        <source>no APOP timestamp in the greeting</source>
        <translation>応答に APOP 用のタイムスタンプがありません</translation>
    </message>
    <message>
        <source>capabilities: %1</source>
        <translation>対応機能: %1</translation>
    </message>
    <message>
        <source>encryption works</source>
        <translation>暗号化できます</translation>
    </message>
    <message>
        <source>encryption failed: %1</source>
        <translation>暗号化に失敗しました: %1</translation>
    </message>
    <message>
        <source>certificate trusted</source>
        <translation>証明書は信頼されています</translation>
    </message>
    <message>
        <source>certificate not trusted: %1</source>
        <translation>証明書は信頼されていません: %1</translation>
    </message>
    <message>
        <source>No secure way to reach this server was found. %1</source>
        <translation>このサーバーに安全に接続する方法が見つかりませんでした。%1</translation>
    </message>
    <message>
        <source>Recommended: %1. %2</source>
        <translation>推奨: %1。%2</translation>
    </message>
    <message>
        <source>The server&apos;s certificate is not trusted by this computer; MailShim will trust exactly this certificate (pin) if you accept it.</source>
        <translation>サーバーの証明書はこのコンピューターで信頼されていません。承認すると、MailShim はこの証明書だけを信頼します (ピン留め)。</translation>
    </message>
    <message>
        <source>Port %1 (POP3)</source>
        <translation>ポート %1 (POP3)</translation>
    </message>
    <message>
        <source>offers STARTTLS (STLS)</source>
        <translation>STARTTLS (STLS) に対応</translation>
    </message>
    <message>
        <source>Port %1 (POP3 over TLS)</source>
        <translation>ポート %1 (TLS 接続の POP3)</translation>
    </message>
    <message>
        <source>login works</source>
        <translation>ログインできます</translation>
    </message>
    <message>
        <source>login refused: %1</source>
        <translation>ログインが拒否されました: %1</translation>
    </message>
    <message>
        <source>login methods (AUTH): %1</source>
        <translation>ログイン方式 (AUTH): %1</translation>
    </message>
    <message>
        <source>no login (AUTH) offered inside TLS</source>
        <translation>TLS 接続の中でログイン (AUTH) を提供していません</translation>
    </message>
    <message>
        <source>Port %1 (SMTP submission)</source>
        <translation>ポート %1 (SMTP サブミッション)</translation>
    </message>
    <message>
        <source>offers STARTTLS</source>
        <translation>STARTTLS に対応</translation>
    </message>
    <message>
        <source>Port %1 (SMTP over TLS)</source>
        <translation>ポート %1 (TLS 接続の SMTP)</translation>
    </message>
</context>
<context>
    <name>RemoteCredentialStore</name>
    <message>
        <source>the background service keeps the stored passwords and never hands them out</source>
        <translation>保存されたパスワードはバックグラウンドサービスが保管し、外には渡しません</translation>
    </message>
    <message>
        <source>the background service: %1</source>
        <translation>バックグラウンドサービス: %1</translation>
    </message>
</context>
<context>
    <name>SecurityText</name>
    <message>
        <source>The whole connection to the server is encrypted from the first byte, and the server&apos;s certificate is checked. Recommended.</source>
        <translation>サーバーとの接続全体が最初の 1 バイトから暗号化され、サーバーの証明書も検証されます。推奨する方式です。</translation>
    </message>
    <message>
        <source>MailShim connects on the normal POP3 port and switches to encryption before sending anything secret. If the server will not switch, MailShim stops rather than continue unprotected.</source>
        <translation>MailShim は通常の POP3 ポートで接続し、秘密の情報を送る前に暗号化に切り替えます。サーバーが切り替えに応じない場合、MailShim は保護のないまま続行せず、接続を中止します。</translation>
    </message>
    <message>
        <source>Encrypted like TLS, and the password is also sent only as an APOP digest.</source>
        <translation>TLS と同様に暗号化され、さらにパスワードは APOP ダイジェストとしてのみ送信されます。</translation>
    </message>
    <message>
        <source>The password is sent as an APOP digest instead of in clear text, but the connection is not encrypted: anyone on the network can read your mail.</source>
        <translation>パスワードは平文ではなく APOP ダイジェストとして送信されますが、接続は暗号化されません。ネットワーク上の誰でもメールを読み取ることができます。</translation>
    </message>
    <message>
        <source>No protection at all: the password and the mail cross the network in clear text. Only for servers on this computer or a trusted network.</source>
        <translation>保護はまったくありません。パスワードとメールが平文のままネットワークを流れます。このコンピューター上、または信頼できるネットワーク上のサーバー専用です。</translation>
    </message>
    <message>
        <source>Without TLS your mail is readable on the network, and APOP&apos;s MD5 digest is weak by today&apos;s standards. Use TLS or STARTTLS if the server offers them.</source>
        <translation>TLS を使わない場合、メールはネットワーク上で読み取り可能です。また、APOP の MD5 ダイジェストは現在の基準では強度が不十分です。サーバーが対応していれば TLS または STARTTLS を使用してください。</translation>
    </message>
    <message>
        <source>Your password and mail are sent unprotected.</source>
        <translation>パスワードとメールは保護されずに送信されます。</translation>
    </message>
    <message>
        <source>TLS (POP3S)</source>
        <translation>TLS (POP3S)</translation>
    </message>
    <message>
        <source>STARTTLS (STLS)</source>
        <translation>STARTTLS (STLS)</translation>
    </message>
    <message>
        <source>APOP inside TLS</source>
        <translation>TLS 内で APOP</translation>
    </message>
    <message>
        <source>APOP only</source>
        <translation>APOP のみ</translation>
    </message>
    <message>
        <source>Plain, unprotected</source>
        <translation>平文、保護なし</translation>
    </message>
    <message>
        <source>TLS (POP3S, port %1)</source>
        <translation>TLS (POP3S、ポート %1)</translation>
    </message>
    <message>
        <source>STARTTLS (STLS, port %1)</source>
        <translation>STARTTLS (STLS、ポート %1)</translation>
    </message>
    <message>
        <source>APOP inside TLS (port %1)</source>
        <translation>TLS 内で APOP (ポート %1)</translation>
    </message>
    <message>
        <source>APOP only (port %1)</source>
        <translation>APOP のみ (ポート %1)</translation>
    </message>
    <message>
        <source>Plain, unprotected (port %1)</source>
        <translation>平文、保護なし (ポート %1)</translation>
    </message>
    <message>
        <source>TLS (SMTPS)</source>
        <translation>TLS (SMTPS)</translation>
    </message>
    <message>
        <source>STARTTLS (submission)</source>
        <translation>STARTTLS (サブミッション)</translation>
    </message>
    <message>
        <source>TLS (SMTPS, port %1)</source>
        <translation>TLS (SMTPS、ポート %1)</translation>
    </message>
    <message>
        <source>STARTTLS (submission, port %1)</source>
        <translation>STARTTLS (サブミッション、ポート %1)</translation>
    </message>
    <message>
        <source>Your mail and your password travel to the outgoing server encrypted from the first byte, and the server&apos;s certificate is checked. Recommended.</source>
        <translation>メールとパスワードは最初の 1 バイトから暗号化されて送信サーバーに届き、サーバーの証明書も検証されます。推奨する方式です。</translation>
    </message>
    <message>
        <source>MailShim connects on the submission port and switches to encryption before it logs in or sends anything. If the server will not switch, MailShim stops rather than send unprotected.</source>
        <translation>MailShim はサブミッションポートで接続し、ログインや送信の前に暗号化に切り替えます。サーバーが切り替えに応じない場合、MailShim は保護のないまま送信せず、接続を中止します。</translation>
    </message>
    <message>
        <source>Sending mail (SMTP)</source>
        <translation>メールの送信 (SMTP)</translation>
    </message>
    <message>
        <source>Receiving mail (POP3)</source>
        <translation>メールの受信 (POP3)</translation>
    </message>
</context>
<context>
    <name>SignInText</name>
    <message>
        <source>Details: %1</source>
        <translation>詳細: %1</translation>
    </message>
    <message>
        <source>Signed in. MailShim can now read and send mail for %1.</source>
        <translation>サインインしました。これで MailShim が %1 のメールを受信・送信できます。</translation>
    </message>
    <message>
        <source>The sign-in was refused in the browser. Sign in again and allow MailShim access; if your organisation does not allow it, ask your administrator.</source>
        <translation>ブラウザーでサインインが拒否されました。もう一度サインインして、MailShim へのアクセスを許可してください。組織で許可されていない場合は、管理者に相談してください。</translation>
    </message>
    <message>
        <source>The browser&apos;s answer did not belong to this sign-in, so nothing was stored. Start the sign-in again.</source>
        <translation>ブラウザーからの応答がこのサインインのものではなかったため、何も保存していません。もう一度サインインしてください。</translation>
    </message>
    <message>
        <source>The browser did not answer in time. Start the sign-in again and finish it in the browser.</source>
        <translation>ブラウザーから時間内に応答がありませんでした。もう一度サインインを始めて、ブラウザーで最後まで進めてください。</translation>
    </message>
    <message>
        <source>The provider refused the sign-in. Check the client ID (and the client secret, if there is one).</source>
        <translation>プロバイダーがサインインを拒否しました。クライアント ID (とクライアントシークレットがあればそれも) を確認してください。</translation>
    </message>
    <message>
        <source>You signed in, but the provider does not let MailShim stay signed in. The registered application must be allowed offline access.</source>
        <translation>サインインはできましたが、プロバイダーが MailShim のサインイン状態の維持を認めていません。登録したアプリケーションにオフラインアクセスを許可する必要があります。</translation>
    </message>
    <message>
        <source>These settings cannot work. Check the fields above.</source>
        <translation>この設定では使えません。上の入力欄を確認してください。</translation>
    </message>
    <message>
        <source>The provider could not be reached. Check the internet connection and try again.</source>
        <translation>プロバイダーに接続できませんでした。インターネット接続を確認して、もう一度試してください。</translation>
    </message>
    <message>
        <source>You signed in, but the keychain did not keep the sign-in. Try again, or check the keychain.</source>
        <translation>サインインはできましたが、キーチェーンにサインインを保存できませんでした。もう一度試すか、キーチェーンを確認してください。</translation>
    </message>
    <message>
        <source>MailShim could not open a port on this computer for the browser&apos;s answer.</source>
        <translation>ブラウザーからの応答を受け取るためのポートを、このコンピューターで開けませんでした。</translation>
    </message>
    <message>
        <source>The sign-in was cancelled.</source>
        <translation>サインインを中止しました。</translation>
    </message>
    <message>
        <source>Signed in.</source>
        <translation>サインイン済みです。</translation>
    </message>
    <message>
        <source>Not signed in yet: press &quot;Sign in...&quot; to sign in in the browser.</source>
        <translation>まだサインインしていません: 「サインイン...」を押して、ブラウザーでサインインしてください。</translation>
    </message>
    <message>
        <source>Sign in again: the provider no longer accepts the earlier sign-in (for example after a password change).</source>
        <translation>もう一度サインインしてください: 以前のサインインがプロバイダーで無効になっています (パスワードを変更した場合など)。</translation>
    </message>
    <message>
        <source>Waiting for the browser... Sign in there and allow MailShim access, then come back here.</source>
        <translation>ブラウザーを待っています... ブラウザーでサインインして MailShim へのアクセスを許可し、この画面に戻ってください。</translation>
    </message>
    <message>
        <source>Signing in is not possible here: there is no keychain to keep the sign-in in, or this copy of MailShim was built without the browser sign-in.</source>
        <translation>ここではサインインできません: サインインを保存するキーチェーンがないか、この MailShim はブラウザーでのサインインなしでビルドされています。</translation>
    </message>
</context>
<context>
    <name>mailshim::ChainWizard</name>
    <message>
        <source>MailShim proxy chain</source>
        <translation>MailShim プロキシチェーン</translation>
    </message>
</context>
<context>
    <name>mailshim::ChainWizardDiagram</name>
    <message>
        <source>Mail program</source>
        <translation>メールソフト</translation>
    </message>
    <message>
        <source>not encrypted</source>
        <translation>暗号化なし</translation>
    </message>
    <message>
        <source>TLS</source>
        <translation>TLS</translation>
    </message>
    <message>
        <source>APOP + TLS</source>
        <translation>APOP + TLS</translation>
    </message>
    <message>
        <source>APOP</source>
        <translation>APOP</translation>
    </message>
    <message>
        <source>127.0.0.1:%1</source>
        <translation>127.0.0.1:%1</translation>
    </message>
    <message>
        <source>?</source>
        <translation>?</translation>
    </message>
    <message>
        <source>server</source>
        <translation>サーバー</translation>
    </message>
    <message>
        <source>port %1</source>
        <translation>ポート %1</translation>
    </message>
</context>
<context>
    <name>mailshim::ChainWizardHopsPage</name>
    <message>
        <source>&amp;Remove</source>
        <translation>削除(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Up</source>
        <translation>上へ(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Down</source>
        <translation>下へ(&amp;D)</translation>
    </message>
    <message>
        <source>Use the recommended &amp;order</source>
        <translation>推奨の順序にする(&amp;O)</translation>
    </message>
    <message>
        <source>The proxies between your mail program and the server</source>
        <translation>メールソフトとサーバーの間のプロキシ</translation>
    </message>
    <message>
        <source>List every local POP3 proxy in the path, in the order the mail program reaches them.</source>
        <translation>経路上のローカル POP3 プロキシを、メールソフトから近い順にすべて並べてください。</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>追加(&amp;A)</translation>
    </message>
    <message>
        <source>Find &amp;free ports</source>
        <translation>空きポートを探す(&amp;F)</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>未設定</translation>
    </message>
    <message>
        <source>Write the port even when it is 110</source>
        <translation>110 番でもポートを書く</translation>
    </message>
    <message>
        <source>Selected hop</source>
        <translation>選択した中継</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>種類:</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名前:</translation>
    </message>
    <message>
        <source>port</source>
        <translation>ポート</translation>
    </message>
    <message>
        <source>Listens on:</source>
        <translation>待ち受け:</translation>
    </message>
    <message>
        <source>Separator:</source>
        <translation>区切り文字:</translation>
    </message>
    <message>
        <source>User name for the mail program:</source>
        <translation>メールソフトに入力するユーザー名:</translation>
    </message>
    <message>
        <source>?</source>
        <translation>?</translation>
    </message>
    <message>
        <source>The order is the recommended one.</source>
        <translation>推奨の順序になっています。</translation>
    </message>
    <message>
        <source>Add MailShim to the chain: it is the hop this wizard sets up.</source>
        <translation>チェーンに MailShim を追加してください。このウィザードが設定するのは MailShim の中継です。</translation>
    </message>
    <message>
        <source>Problem:</source>
        <translation>問題:</translation>
    </message>
    <message>
        <source>Warning:</source>
        <translation>警告:</translation>
    </message>
    <message>
        <source>No problems found.</source>
        <translation>問題は見つかりませんでした。</translation>
    </message>
    <message>
        <source>chain to %1</source>
        <translation>%1 へのチェーン</translation>
    </message>
    <message>
        <source>chain to %1 (%2)</source>
        <translation>%1 へのチェーン (%2)</translation>
    </message>
    <message>
        <source>MailShim&apos;s listener could not be saved: %1</source>
        <translation>MailShim のリスナーを保存できませんでした: %1</translation>
    </message>
    <message>
        <source>Another order is recommended.</source>
        <translation>推奨の順序は別にあります。</translation>
    </message>
</context>
<context>
    <name>mailshim::ChainWizardResultPage</name>
    <message>
        <source>&amp;Test chain</source>
        <translation>チェーンをテスト(&amp;T)</translation>
    </message>
    <message>
        <source>Set up your mail program and the other proxies</source>
        <translation>メールソフトと他のプロキシの設定</translation>
    </message>
    <message>
        <source>Enter these settings for incoming mail (POP3) in Outlook or your other mail program, with SSL/TLS turned off there.</source>
        <translation>Outlook などのメールソフトの受信メール (POP3) に次の設定を入力し、SSL/TLS はオフにしてください。</translation>
    </message>
    <message>
        <source>Incoming mail server (POP3):</source>
        <translation>受信メールサーバー (POP3):</translation>
    </message>
    <message>
        <source>Port:</source>
        <translation>ポート:</translation>
    </message>
    <message>
        <source>User name:</source>
        <translation>ユーザー名:</translation>
    </message>
    <message>
        <source>Each hop</source>
        <translation>各中継の設定</translation>
    </message>
    <message>
        <source>empty: the password stored in the keychain</source>
        <translation>空欄: キーチェーンに保存したパスワードを使います</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>パスワード:</translation>
    </message>
    <message>
        <source>No keychain is available: type the password to test with (it is not stored).</source>
        <translation>キーチェーンを利用できません。テストに使うパスワードを入力してください (保存されません)。</translation>
    </message>
    <message>
        <source>Reading the password from the keychain...</source>
        <translation>キーチェーンからパスワードを読み込んでいます...</translation>
    </message>
    <message>
        <source>No password is stored for %1: type it above to test with (it is not stored).</source>
        <translation>%1 のパスワードは保存されていません。テストに使うパスワードを上に入力してください (保存されません)。</translation>
    </message>
</context>
<context>
    <name>mailshim::ChainWizardServerPage</name>
    <message>
        <source>Your mail server</source>
        <translation>メールサーバー</translation>
    </message>
    <message>
        <source>Several local POP3 proxies (antivirus, spam filter, MailShim) can stand between your mail program and the server. This wizard orders them, gives each its port, and works out the user name that tells each one where the next is.</source>
        <translation>メールソフトとサーバーの間には、複数のローカル POP3 プロキシ (ウイルス対策、迷惑メールフィルター、MailShim) を置けます。このウィザードはそれらを並べ、それぞれにポートを割り当て、各プロキシに次の接続先を伝えるユーザー名を作ります。</translation>
    </message>
    <message>
        <source>pop.example.net</source>
        <translation>pop.example.net</translation>
    </message>
    <message>
        <source>default for the mode</source>
        <translation>方式の標準</translation>
    </message>
    <message>
        <source>only for a private certificate authority</source>
        <translation>プライベート認証局 (CA) を使う場合のみ</translation>
    </message>
    <message>
        <source>&amp;Read it</source>
        <translation>読み取る(&amp;R)</translation>
    </message>
    <message>
        <source>MailShim &amp;listener:</source>
        <translation>MailShim のリスナー(&amp;L):</translation>
    </message>
    <message>
        <source>POP3 &amp;server:</source>
        <translation>POP3 サーバー(&amp;S):</translation>
    </message>
    <message>
        <source>Server &amp;port:</source>
        <translation>サーバーのポート(&amp;P):</translation>
    </message>
    <message>
        <source>&amp;Protection:</source>
        <translation>保護方式(&amp;R):</translation>
    </message>
    <message>
        <source>&amp;User name at the server:</source>
        <translation>サーバーでのユーザー名(&amp;U):</translation>
    </message>
    <message>
        <source>CA file:</source>
        <translation>CA ファイル:</translation>
    </message>
    <message>
        <source>Already have a chained user name? (optional)</source>
        <translation>チェーン用のユーザー名をすでに使っていますか? (省略可)</translation>
    </message>
    <message>
        <source>A new listener</source>
        <translation>新しいリスナー</translation>
    </message>
    <message>
        <source>%1 (port %2)</source>
        <translation>%1 (ポート %2)</translation>
    </message>
    <message>
        <source>This is not a chained user name: %1</source>
        <translation>チェーン用のユーザー名ではありません: %1</translation>
    </message>
    <message>
        <source>Mail program</source>
        <translation>メールソフト</translation>
    </message>
    <message>
        <source>110 (not written)</source>
        <translation>110 (省略)</translation>
    </message>
    <message>
        <source>a proxy reading &quot;host%1&quot; (%2)</source>
        <translation>「host%1」を読むプロキシ (%2)</translation>
    </message>
    <message>
        <source>server %1:%2</source>
        <translation>サーバー %1:%2</translation>
    </message>
    <message>
        <source>This name describes: %1, user name &quot;%2&quot;. Its hops are the starting point of the next page.</source>
        <translation>このユーザー名の経路: %1、ユーザー名「%2」。これらの中継を次のページの初期値にします。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid server name.</source>
        <translation>「%1」は有効なサーバー名ではありません。</translation>
    </message>
    <message>
        <source>Enter the user name you have at the server.</source>
        <translation>サーバーでのユーザー名を入力してください。</translation>
    </message>
    <message>
        <source>The CA file %1 cannot be read.</source>
        <translation>CA ファイル %1 を読み込めません。</translation>
    </message>
</context>
<context>
    <name>mailshim::CopyableRow</name>
    <message>
        <source>Copy</source>
        <translation>コピー</translation>
    </message>
</context>
<context>
    <name>mailshim::ListenerEditor</name>
    <message>
        <source>Add a listener</source>
        <translation>リスナーの追加</translation>
    </message>
    <message>
        <source>Edit listener %1</source>
        <translation>リスナー %1 の編集</translation>
    </message>
    <message>
        <source>On this computer</source>
        <translation>このコンピューター</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名前(&amp;N):</translation>
    </message>
    <message>
        <source>Local &amp;port:</source>
        <translation>ローカルポート(&amp;P):</translation>
    </message>
    <message>
        <source>pop.example.net</source>
        <translation>pop.example.net</translation>
    </message>
    <message>
        <source>Allow the user name to choose the server (POPFile style host:port:user)</source>
        <translation>ユーザー名で接続先サーバーを指定できるようにする (POPFile 形式 host:port:user)</translation>
    </message>
    <message>
        <source>Mail server</source>
        <translation>メールサーバー</translation>
    </message>
    <message>
        <source>&amp;Server:</source>
        <translation>サーバー(&amp;S):</translation>
    </message>
    <message>
        <source>S&amp;ecurity:</source>
        <translation>セキュリティ(&amp;E):</translation>
    </message>
    <message>
        <source>Server p&amp;ort:</source>
        <translation>サーバーポート(&amp;O):</translation>
    </message>
    <message>
        <source>Separator:</source>
        <translation>区切り文字:</translation>
    </message>
    <message>
        <source>Use the password stored in the keychain (the mail client may send any password)</source>
        <translation>キーチェーンに保存したパスワードを使用する (メールソフトからは任意のパスワードを送信できます)</translation>
    </message>
    <message>
        <source>No keychain is available: the mail client must send the password.</source>
        <translation>キーチェーンを利用できません。パスワードはメールソフトから送信する必要があります。</translation>
    </message>
    <message>
        <source>(unchanged)</source>
        <translation>(変更なし)</translation>
    </message>
    <message>
        <source>Account (optional)</source>
        <translation>アカウント (省略可)</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>ユーザー名(&amp;U):</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>パスワード(&amp;W):</translation>
    </message>
    <message>
        <source>only for a private certificate authority</source>
        <translation>プライベート認証局 (CA) を使う場合のみ</translation>
    </message>
    <message>
        <source>SHA-256 of the server&apos;s public key (64 hex digits), optional</source>
        <translation>サーバー公開鍵の SHA-256 (16 進数 64 桁)、省略可</translation>
    </message>
    <message>
        <source>Fetch certificate</source>
        <translation>証明書を取得</translation>
    </message>
    <message>
        <source>TLS</source>
        <translation>TLS</translation>
    </message>
    <message>
        <source>CA file:</source>
        <translation>CA ファイル:</translation>
    </message>
    <message>
        <source>Pin:</source>
        <translation>ピン:</translation>
    </message>
    <message>
        <source>Port %1 is already used by listener &quot;%2&quot;.</source>
        <translation>ポート %1 はリスナー「%2」で既に使用されています。</translation>
    </message>
    <message>
        <source>Port %1 cannot be opened now (%2). Another program may be using it.</source>
        <translation>現在ポート %1 を開けません (%2)。別のプログラムが使用している可能性があります。</translation>
    </message>
    <message>
        <source>Some old Outlook versions accept only four-digit ports (up to 9999).</source>
        <translation>古いバージョンの Outlook には、4 桁 (9999 まで) のポート番号しか受け付けないものがあります。</translation>
    </message>
    <message>
        <source>Enter a valid server name first.</source>
        <translation>先に有効なサーバー名を入力してください。</translation>
    </message>
    <message>
        <source>Could not fetch the certificate: %1</source>
        <translation>証明書を取得できませんでした: %1</translation>
    </message>
    <message>
        <source>Connecting to %1...</source>
        <translation>%1 に接続しています...</translation>
    </message>
    <message>
        <source>Give the listener a name.</source>
        <translation>リスナーの名前を入力してください。</translation>
    </message>
    <message>
        <source>Another listener is already called &quot;%1&quot;.</source>
        <translation>「%1」という名前のリスナーは既に存在します。</translation>
    </message>
    <message>
        <source>Enter the mail server&apos;s name, for example pop.example.net.</source>
        <translation>メールサーバー名を入力してください (例: pop.example.net)。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid server name.</source>
        <translation>「%1」は有効なサーバー名ではありません。</translation>
    </message>
    <message>
        <source>A pin is 64 hexadecimal digits (a SHA-256 hash).</source>
        <translation>ピンは 16 進数 64 桁 (SHA-256 ハッシュ) で指定します。</translation>
    </message>
    <message>
        <source>The file %1 cannot be read.</source>
        <translation>ファイル %1 を読み込めません。</translation>
    </message>
    <message>
        <source>The file %1 holds no PEM certificate.</source>
        <translation>ファイル %1 には PEM 形式の証明書が含まれていません。</translation>
    </message>
    <message>
        <source>Enter the user name the password belongs to.</source>
        <translation>このパスワードに対応するユーザー名を入力してください。</translation>
    </message>
    <message>
        <source>One of these characters: %1</source>
        <translation>次のいずれかの文字: %1</translation>
    </message>
    <message>
        <source>At most 255 characters, without control characters.</source>
        <translation>制御文字を含まない 255 文字以内。</translation>
    </message>
    <message>
        <source>Tick &quot;Use the password stored in the keychain&quot; to keep this password, or leave the field empty: the mail client then sends the password.</source>
        <translation>このパスワードを保存するには「キーチェーンに保存したパスワードを使う」にチェックを入れてください。空欄のままにすると、メールソフトがパスワードを送ります。</translation>
    </message>
    <message>
        <source>The keychain did not take the password (%1). Nothing was saved. Untick &quot;Use the password stored in the keychain&quot; and clear the password to let the mail client send it.</source>
        <translation>キーチェーンにパスワードを保存できませんでした (%1)。何も保存していません。「キーチェーンに保存したパスワードを使う」のチェックを外し、パスワードを消すと、メールソフトがパスワードを送ります。</translation>
    </message>
    <message>
        <source>Pin this certificate anyway</source>
        <translation>それでもこの証明書をピン留めする</translation>
    </message>
    <message>
        <source>MailShim will then refuse any other certificate, also the server&apos;s next routine renewal.</source>
        <translation>ピン留めすると、MailShim はこれ以外の証明書をすべて拒否します。サーバーが定期的に証明書を更新したときも同じです。</translation>
    </message>
    <message>
        <source>No pin is needed: this certificate is trusted.</source>
        <translation>この証明書は信頼されているため、ピン留めは不要です。</translation>
    </message>
    <message>
        <source>&amp;Used for:</source>
        <translation>用途(&amp;U):</translation>
    </message>
    <message>
        <source>smtp.example.net</source>
        <translation>smtp.example.net</translation>
    </message>
    <message>
        <source>Enter the mail server&apos;s name, for example smtp.example.net.</source>
        <translation>メールサーバー名を入力してください (例: smtp.example.net)。</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>アカウント</translation>
    </message>
    <message>
        <source>the mailbox address, for example you@example.net</source>
        <translation>メールボックスのアドレス (例: you@example.net)</translation>
    </message>
    <message>
        <source>Enter the mailbox address that signs in, for example you@example.net.</source>
        <translation>サインインするメールボックスのアドレスを入力してください (例: you@example.net)。</translation>
    </message>
</context>
<context>
    <name>mailshim::ListenerTableModel</name>
    <message>
        <source>off</source>
        <translation>オフ</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>一時停止中</translation>
    </message>
    <message>
        <source>listening</source>
        <translation>待ち受け中</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>待機中</translation>
    </message>
    <message>
        <source>waiting: %1</source>
        <translation>待機中: %1</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>error: %1</source>
        <translation>エラー: %1</translation>
    </message>
    <message>
        <source>(routed by user name)</source>
        <translation>(ユーザー名で振り分け)</translation>
    </message>
    <message>
        <source>per route</source>
        <translation>振り分け先ごと</translation>
    </message>
    <message>
        <source>never</source>
        <translation>なし</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>有効</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名前</translation>
    </message>
    <message>
        <source>Local port</source>
        <translation>ローカルポート</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>サーバー</translation>
    </message>
    <message>
        <source>Security</source>
        <translation>セキュリティ</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>セッション</translation>
    </message>
    <message>
        <source>Last connection</source>
        <translation>最終接続</translation>
    </message>
    <message>
        <source>Sending (SMTP)</source>
        <translation>送信 (SMTP)</translation>
    </message>
    <message>
        <source>Receiving (POP3)</source>
        <translation>受信 (POP3)</translation>
    </message>
    <message>
        <source>Used for</source>
        <translation>用途</translation>
    </message>
    <message>
        <source>sign in again</source>
        <translation>再サインインが必要</translation>
    </message>
    <message>
        <source>The provider no longer accepts this account&apos;s sign-in. Edit the listener and press &quot;Sign in...&quot;, or choose &quot;Sign in again&quot; in the tray menu.</source>
        <translation>このアカウントのサインインがプロバイダーで無効になりました。リスナーを編集して「サインイン...」を押すか、トレイメニューの「もう一度サインイン」を選んでください。</translation>
    </message>
</context>
<context>
    <name>mailshim::LocalEngineBackend</name>
    <message>
        <source>in this program</source>
        <translation>このプログラム内</translation>
    </message>
    <message>
        <source>The settings could not be saved: %1</source>
        <translation>設定を保存できませんでした: %1</translation>
    </message>
</context>
<context>
    <name>mailshim::LogModel</name>
    <message>
        <source>Major</source>
        <translation>重要</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>問題</translation>
    </message>
    <message>
        <source>Low-level</source>
        <translation>詳細</translation>
    </message>
    <message>
        <source>All info</source>
        <translation>すべての情報</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>時刻</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>レベル</translation>
    </message>
    <message>
        <source>Listener</source>
        <translation>リスナー</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>メッセージ</translation>
    </message>
</context>
<context>
    <name>mailshim::LogView</name>
    <message>
        <source>Search the log</source>
        <translation>ログを検索</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>コピー</translation>
    </message>
    <message>
        <source>Save as...</source>
        <translation>名前を付けて保存...</translation>
    </message>
    <message>
        <source>Save the log</source>
        <translation>ログの保存</translation>
    </message>
    <message>
        <source>Text files (*.txt);;All files (*)</source>
        <translation>テキストファイル (*.txt);;すべてのファイル (*)</translation>
    </message>
    <message>
        <source>The log could not be saved to %1: %2</source>
        <translation>ログを %1 に保存できませんでした: %2</translation>
    </message>
</context>
<context>
    <name>mailshim::MainWindow</name>
    <message>
        <source>&amp;Edit...</source>
        <translation>編集(&amp;E)...</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>削除(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Test</source>
        <translation>テスト(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Add...</source>
        <translation>追加(&amp;A)...</translation>
    </message>
    <message>
        <source>&amp;MailShim</source>
        <translation>MailShim(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Setup wizard...</source>
        <translation>セットアップウィザード(&amp;S)...</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>終了(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>ヘルプ(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About MailShim</source>
        <translation>MailShim について(&amp;A)</translation>
    </message>
    <message>
        <source>MailShim</source>
        <translation>MailShim</translation>
    </message>
    <message>
        <source>The change was not made: %1</source>
        <translation>変更できませんでした: %1</translation>
    </message>
    <message>
        <source>Engine: %1</source>
        <translation>エンジン: %1</translation>
    </message>
    <message>
        <source>all listeners paused</source>
        <translation>すべてのリスナーを一時停止中</translation>
    </message>
    <message>
        <source>Remove listener</source>
        <translation>リスナーの削除</translation>
    </message>
    <message>
        <source>Remove the listener &quot;%1&quot;? Mail clients set up for it will stop working.</source>
        <translation>リスナー「%1」を削除しますか? このリスナーを使うように設定したメールソフトは動作しなくなります。</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>テスト</translation>
    </message>
    <message>
        <source>This listener routes by user name; test it with the proxy chain wizard.</source>
        <translation>このリスナーはユーザー名で接続先を振り分けます。プロキシチェーン ウィザードでテストしてください。</translation>
    </message>
    <message>
        <source>&amp;Proxy chain...</source>
        <translation>プロキシチェーン(&amp;P)...</translation>
    </message>
    <message>
        <source>Stop forwarding mail?</source>
        <translation>メールの転送を停止しますか?</translation>
    </message>
    <message>
        <source>There is no system tray to keep MailShim in. Closing this window quits MailShim, and your mail program can no longer reach the mail server through it.</source>
        <translation>MailShim を常駐させるシステムトレイがありません。このウィンドウを閉じると MailShim は終了し、メールソフトは MailShim を経由してメールサーバーに接続できなくなります。</translation>
    </message>
    <message>
        <source>Stop and quit</source>
        <translation>停止して終了</translation>
    </message>
    <message>
        <source>Keep running minimized</source>
        <translation>最小化して動作を続ける</translation>
    </message>
    <message>
        <source>Sending through &quot;%1&quot; needs it (POP before SMTP: the server accepts mail only after mail was received), so that listener will be removed too. To keep it, choose another receiving listener in its settings first.</source>
        <translation>「%1」での送信にはこのリスナーが必要です (POP before SMTP: サーバーはメールを受信した後でしか送信を受け付けません)。そのため、そのリスナーも削除されます。残したい場合は、先にそのリスナーの設定で別の受信用リスナーを選んでください。</translation>
    </message>
</context>
<context>
    <name>mailshim::OAuthOptions</name>
    <message>
        <source>Sign in...</source>
        <translation>サインイン...</translation>
    </message>
    <message>
        <source>Cancel sign-in</source>
        <translation>サインインを中止</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>パスワード</translation>
    </message>
    <message>
        <source>Sign in with the provider (OAuth 2.0)</source>
        <translation>プロバイダーでサインイン (OAuth 2.0)</translation>
    </message>
    <message>
        <source>Microsoft 365 (Outlook.com, Hotmail, work or school)</source>
        <translation>Microsoft 365 (Outlook.com、Hotmail、職場または学校のアカウント)</translation>
    </message>
    <message>
        <source>Google (Gmail, Google Workspace)</source>
        <translation>Google (Gmail、Google Workspace)</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>その他</translation>
    </message>
    <message>
        <source>empty: any account; or your organisation&apos;s domain</source>
        <translation>空欄: すべてのアカウント。または組織のドメイン</translation>
    </message>
    <message>
        <source>https://login.example.net</source>
        <translation>https://login.example.net</translation>
    </message>
    <message>
        <source>only without an issuer</source>
        <translation>発行者 (issuer) がない場合のみ</translation>
    </message>
    <message>
        <source>empty: offline_access</source>
        <translation>空欄: offline_access</translation>
    </message>
    <message>
        <source>P&amp;rovider:</source>
        <translation>プロバイダー(&amp;R):</translation>
    </message>
    <message>
        <source>Directory (tenant):</source>
        <translation>ディレクトリ (テナント):</translation>
    </message>
    <message>
        <source>Iss&amp;uer:</source>
        <translation>発行者 (issuer)(&amp;U):</translation>
    </message>
    <message>
        <source>Sign-in address:</source>
        <translation>サインインのアドレス:</translation>
    </message>
    <message>
        <source>Token address:</source>
        <translation>トークンのアドレス:</translation>
    </message>
    <message>
        <source>Scopes:</source>
        <translation>スコープ:</translation>
    </message>
    <message>
        <source>&amp;Client ID:</source>
        <translation>クライアント ID(&amp;C):</translation>
    </message>
    <message>
        <source>Client s&amp;ecret:</source>
        <translation>クライアントシークレット(&amp;E):</translation>
    </message>
    <message>
        <source>MailShim signs in to the mail server for you. The mail program keeps its user name and may send any password: it is not used.</source>
        <translation>MailShim があなたの代わりにメールサーバーにサインインします。メールソフトはユーザー名をそのまま使い、パスワードは何を送ってもかまいません (使われません)。</translation>
    </message>
    <message>
        <source>The mail program&apos;s password (or the one kept in the keychain) logs in to the mail server. Microsoft 365 and Google refuse passwords for most accounts: choose the sign-in for them.</source>
        <translation>メールソフトのパスワード (またはキーチェーンに保存したパスワード) でメールサーバーにログインします。Microsoft 365 と Google はほとんどのアカウントでパスワードを受け付けないため、これらではサインインを選んでください。</translation>
    </message>
    <message>
        <source>MailShim needs an application ID from Microsoft. Your administrator registers MailShim once in Microsoft Entra ID and gives you its &quot;Application (client) ID&quot;; the page &quot;OAuth 2.0 sign-in&quot; (oauth.md) in MailShim&apos;s documentation says how. Directory: leave it empty for any account, or enter your organisation&apos;s domain if the application is registered for it alone.</source>
        <translation>MailShim には Microsoft のアプリケーション ID が必要です。管理者が Microsoft Entra ID に MailShim を一度登録し、その「アプリケーション (クライアント) ID」を知らせます。登録方法は MailShim のドキュメントの「OAuth 2.0 sign-in」のページ (oauth.md) にあります。ディレクトリ: すべてのアカウントで使う場合は空欄のまま、アプリケーションを自分の組織専用に登録した場合は組織のドメインを入力します。</translation>
    </message>
    <message>
        <source>In the Google Cloud console, create an OAuth client ID of the type &quot;Desktop app&quot; and copy its client ID and client secret here; the page &quot;OAuth 2.0 sign-in&quot; (oauth.md) in MailShim&apos;s documentation says how. Google asks for the secret even though a desktop program cannot keep it secret.</source>
        <translation>Google Cloud コンソールで種類が「デスクトップ アプリ」の OAuth クライアント ID を作成し、そのクライアント ID とクライアントシークレットをここにコピーしてください。手順は MailShim のドキュメントの「OAuth 2.0 sign-in」のページ (oauth.md) にあります。デスクトップのプログラムではシークレットを秘密にしておけませんが、Google はシークレットの入力を求めます。</translation>
    </message>
    <message>
        <source>Enter your provider&apos;s address (issuer), or its sign-in and token addresses, and the client ID it gave you for MailShim. Register MailShim as a public (desktop) client that may return to http://127.0.0.1 on any port; the page &quot;OAuth 2.0 sign-in&quot; (oauth.md) in MailShim&apos;s documentation says more. A client secret is needed only if the provider demands one.</source>
        <translation>プロバイダーのアドレス (発行者 (issuer))、またはサインインとトークンの 2 つのアドレスと、プロバイダーが MailShim 用に発行したクライアント ID を入力してください。MailShim は、任意のポートの http://127.0.0.1 に戻れる公開 (デスクトップ) クライアントとして登録します。詳しくは MailShim のドキュメントの「OAuth 2.0 sign-in」のページ (oauth.md) を参照してください。クライアントシークレットは、プロバイダーが求める場合だけ必要です。</translation>
    </message>
    <message>
        <source>only if the provider demands one</source>
        <translation>プロバイダーが求める場合のみ</translation>
    </message>
    <message>
        <source>Enter the client ID of the application registered with the provider (see the note below).</source>
        <translation>プロバイダーに登録したアプリケーションのクライアント ID を入力してください (下の説明を参照)。</translation>
    </message>
    <message>
        <source>Google demands the client secret that came with the client ID.</source>
        <translation>Google では、クライアント ID と一緒に発行されたクライアントシークレットが必要です。</translation>
    </message>
    <message>
        <source>An address must start with https:// (http:// only on this computer).</source>
        <translation>アドレスは https:// で始まる必要があります (http:// はこのコンピューター上の場合のみ)。</translation>
    </message>
    <message>
        <source>Enter the issuer, or both the sign-in address and the token address.</source>
        <translation>発行者 (issuer) を入力するか、サインインのアドレスとトークンのアドレスの両方を入力してください。</translation>
    </message>
    <message>
        <source>Enter the mailbox address as the user name first: it is the account that signs in.</source>
        <translation>先にユーザー名としてメールボックスのアドレスを入力してください。そのアカウントでサインインします。</translation>
    </message>
    <message>
        <source>How MailShim logs in</source>
        <translation>MailShim のログイン方法</translation>
    </message>
</context>
<context>
    <name>mailshim::ProbeDialog</name>
    <message>
        <source>Test %1</source>
        <translation>%1 のテスト</translation>
    </message>
    <message>
        <source>Done.</source>
        <translation>完了しました。</translation>
    </message>
</context>
<context>
    <name>mailshim::RemoteEngineBackend</name>
    <message>
        <source>background service</source>
        <translation>バックグラウンドサービス</translation>
    </message>
    <message>
        <source>background service (not running)</source>
        <translation>バックグラウンドサービス (停止中)</translation>
    </message>
    <message>
        <source>The background service did not take the change: %1</source>
        <translation>バックグラウンドサービスが変更を受け付けませんでした: %1</translation>
    </message>
    <message>
        <source>the background service is not running</source>
        <translation>バックグラウンドサービスが動いていません</translation>
    </message>
</context>
<context>
    <name>mailshim::ServiceControl</name>
    <message>
        <source>%1 cannot be run: %2</source>
        <translation>%1 を実行できません: %2</translation>
    </message>
    <message>
        <source>Administrator rights were not granted.</source>
        <translation>管理者の権限が得られませんでした。</translation>
    </message>
    <message>
        <source>mailshim-service could not be started (Windows error %1).</source>
        <translation>mailshim-service を起動できませんでした (Windows エラー %1)。</translation>
    </message>
    <message>
        <source>mailshim-service --%1 ended with exit code %2</source>
        <translation>mailshim-service --%1 が終了コード %2 で終わりました</translation>
    </message>
</context>
<context>
    <name>mailshim::ServicePanel</name>
    <message>
        <source>Background service</source>
        <translation>バックグラウンドサービス</translation>
    </message>
    <message>
        <source>&amp;Install</source>
        <translation>インストール(&amp;I)</translation>
    </message>
    <message>
        <source>St&amp;art</source>
        <translation>開始(&amp;A)</translation>
    </message>
    <message>
        <source>St&amp;op</source>
        <translation>停止(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Uninstall</source>
        <translation>アンインストール(&amp;U)</translation>
    </message>
    <message>
        <source>Start the tray program at login</source>
        <translation>ログイン時にトレイプログラムを起動</translation>
    </message>
    <message>
        <source>Run MailShim in the background from boot or login, without this window, and restart it after a failure</source>
        <translation>このウィンドウなしで、起動時またはログイン時から MailShim をバックグラウンドで動かし、障害のあとは再起動します</translation>
    </message>
    <message>
        <source>Major events</source>
        <translation>主な出来事</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>問題</translation>
    </message>
    <message>
        <source>Low-level</source>
        <translation>詳細</translation>
    </message>
    <message>
        <source>Everything</source>
        <translation>すべて</translation>
    </message>
    <message>
        <source>How much the engine shown here logs; takes effect at once and is saved</source>
        <translation>ここに表示中のエンジンのログの量。すぐに反映され、保存されます</translation>
    </message>
    <message>
        <source>Log level:</source>
        <translation>ログレベル:</translation>
    </message>
    <message>
        <source>Install</source>
        <translation>インストール</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>開始</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Uninstall</source>
        <translation>アンインストール</translation>
    </message>
    <message>
        <source>Uninstall the background service</source>
        <translation>バックグラウンドサービスのアンインストール</translation>
    </message>
    <message>
        <source>Stop the background service and remove it? Your listeners and settings stay; MailShim then runs only while this program runs.</source>
        <translation>バックグラウンドサービスを停止して削除しますか? リスナーと設定は残ります。以後 MailShim はこのプログラムが動いている間だけ動きます。</translation>
    </message>
    <message>
        <source>Start at login</source>
        <translation>ログイン時に起動</translation>
    </message>
    <message>
        <source>Checking the background service...</source>
        <translation>バックグラウンドサービスを確認しています...</translation>
    </message>
    <message>
        <source>The state of the background service is unknown.</source>
        <translation>バックグラウンドサービスの状態がわかりません。</translation>
    </message>
    <message>
        <source>Not installed: MailShim runs only while this program runs.</source>
        <translation>未インストール: MailShim はこのプログラムが動いている間だけ動きます。</translation>
    </message>
    <message>
        <source>Installed, not running.</source>
        <translation>インストール済み、停止中。</translation>
    </message>
    <message>
        <source>Installed and running.</source>
        <translation>インストール済み、動作中。</translation>
    </message>
    <message>
        <source>This window shows the engine %1.</source>
        <translation>このウィンドウに表示中のエンジン: %1。</translation>
    </message>
    <message>
        <source>Service: running</source>
        <translation>サービス: 動作中</translation>
    </message>
    <message>
        <source>Service: stopped</source>
        <translation>サービス: 停止中</translation>
    </message>
    <message>
        <source>Service: not installed</source>
        <translation>サービス: 未インストール</translation>
    </message>
    <message>
        <source>Service: unknown</source>
        <translation>サービス: 不明</translation>
    </message>
    <message>
        <source>Log level</source>
        <translation>ログレベル</translation>
    </message>
    <message>
        <source>The change was not made: %1</source>
        <translation>変更できませんでした: %1</translation>
    </message>
    <message>
        <source>mailshim-service --%1 failed:
%2</source>
        <translation>mailshim-service --%1 が失敗しました:
%2</translation>
    </message>
    <message>
        <source>Service manager: %1.</source>
        <translation>サービスマネージャー: %1。</translation>
    </message>
</context>
<context>
    <name>mailshim::SetupWizard</name>
    <message>
        <source>MailShim setup</source>
        <translation>MailShim セットアップ</translation>
    </message>
</context>
<context>
    <name>mailshim::SmtpOptions</name>
    <message>
        <source>Sending mail</source>
        <translation>メールの送信</translation>
    </message>
    <message>
        <source>Let programs that cannot log in send mail (scanners, copiers)</source>
        <translation>ログインできないプログラムにもメールの送信を許可する (スキャナー、複合機など)</translation>
    </message>
    <message>
        <source>The server accepts mail only after mail was received (POP before SMTP)</source>
        <translation>メールを受信した後にだけ送信を受け付けるサーバー (POP before SMTP)</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Receive with:</source>
        <translation>受信に使うリスナー:</translation>
    </message>
    <message>
        <source>Sending allowed for:</source>
        <translation>送信できる時間:</translation>
    </message>
    <message>
        <source>Wait after the login:</source>
        <translation>ログイン後の待ち時間:</translation>
    </message>
    <message>
        <source>the account above</source>
        <translation>上のアカウント</translation>
    </message>
    <message>
        <source>Any program on this computer can then send mail as %1 without a password: MailShim logs in for it with the password stored in the keychain.</source>
        <translation>このコンピューター上のどのプログラムでも、パスワードなしで %1 としてメールを送信できるようになります。MailShim がキーチェーンに保存したパスワードで代わりにログインします。</translation>
    </message>
    <message>
        <source>The mail program logs in as usual (in Outlook: &quot;My outgoing server (SMTP) requires authentication&quot;).</source>
        <translation>メールソフトは通常どおりログインします (Outlook では「送信サーバー (SMTP) は認証が必要」)。</translation>
    </message>
    <message>
        <source>Some providers let you send only for a while after you received mail. To use this, first add a listener that receives mail (POP3) from the same provider.</source>
        <translation>プロバイダーによっては、メールを受信した後の一定時間しか送信できません。この機能を使うには、先に同じプロバイダーからメールを受信するリスナー (POP3) を追加してください。</translation>
    </message>
    <message>
        <source>Some providers let you send only for a while after you received mail. Tick this if yours says so.</source>
        <translation>プロバイダーによっては、メールを受信した後の一定時間しか送信できません。お使いのプロバイダーがそうであればチェックを入れてください。</translation>
    </message>
    <message>
        <source>Enter the user name and keep its password in the keychain: MailShim logs in with them for programs that cannot.</source>
        <translation>ユーザー名を入力し、そのパスワードをキーチェーンに保存してください。ログインできないプログラムの代わりに、MailShim がそれを使ってログインします。</translation>
    </message>
    <message>
        <source>Choose the listener that receives mail from this provider.</source>
        <translation>このプロバイダーからメールを受信するリスナーを選んでください。</translation>
    </message>
    <message>
        <source>The wait must be shorter than the time sending is allowed.</source>
        <translation>待ち時間は送信できる時間より短くしてください。</translation>
    </message>
    <message>
        <source>Unless mail was received recently, MailShim first logs in with this listener (nothing is downloaded or deleted) and waits. It needs its password in the keychain.</source>
        <translation>最近受信していなければ、MailShim は送信の前にこのリスナーでログインし (メールのダウンロードや削除はしません)、少し待ちます。このリスナーのパスワードをキーチェーンに保存しておく必要があります。</translation>
    </message>
</context>
<context>
    <name>mailshim::TrayApplication</name>
    <message>
        <source>The settings file %1 could not be used:
%2</source>
        <translation>設定ファイル %1 を使用できませんでした:
%2</translation>
    </message>
    <message>
        <source>It was kept as %1. MailShim starts without listeners; fix that file and copy it back, or set up again.</source>
        <translation>このファイルは %1 として保存してあります。MailShim はリスナーなしで起動します。ファイルを修正して元の場所に戻すか、設定をやり直してください。</translation>
    </message>
    <message>
        <source>MailShim settings</source>
        <translation>MailShim の設定</translation>
    </message>
    <message>
        <source>MailShim service</source>
        <translation>MailShim サービス</translation>
    </message>
    <message>
        <source>MailShim did not connect to the background service: %1</source>
        <translation>MailShim はバックグラウンドサービスに接続しませんでした: %1</translation>
    </message>
    <message>
        <source>About MailShim</source>
        <translation>MailShim について</translation>
    </message>
    <message>
        <source>&lt;b&gt;MailShim %1&lt;/b&gt;&lt;p&gt;Modern mail security for old mail clients: your mail program speaks plain POP3 to this computer, and MailShim carries the session to the mail server with TLS, STARTTLS or APOP.&lt;/p&gt;&lt;p&gt;Settings: %2&lt;/p&gt;&lt;p&gt;Log file: %3&lt;/p&gt;</source>
        <translation>&lt;b&gt;MailShim %1&lt;/b&gt;&lt;p&gt;古いメールソフトに最新のメールセキュリティを。メールソフトはこのコンピューターと通常の (暗号化なしの) POP3 でやり取りし、MailShim がメールサーバーとの通信を TLS、STARTTLS または APOP で中継します。&lt;/p&gt;&lt;p&gt;設定: %2&lt;/p&gt;&lt;p&gt;ログファイル: %3&lt;/p&gt;</translation>
    </message>
    <message>
        <source>none (its folder cannot be written)</source>
        <translation>なし (フォルダーに書き込めません)</translation>
    </message>
    <message>
        <source>MailShim: sign in to %1</source>
        <translation>MailShim: %1 にサインイン</translation>
    </message>
    <message>
        <source>MailShim: signed in to %1</source>
        <translation>MailShim: %1 にサインインしました</translation>
    </message>
    <message>
        <source>MailShim: sign-in to %1 failed</source>
        <translation>MailShim: %1 へのサインインに失敗しました</translation>
    </message>
</context>
<context>
    <name>mailshim::TrayController</name>
    <message>
        <source>Open MailShim</source>
        <translation>MailShim を開く</translation>
    </message>
    <message>
        <source>No listeners yet: run the setup wizard</source>
        <translation>リスナーがありません: セットアップウィザードを実行してください</translation>
    </message>
    <message>
        <source>routed</source>
        <translation>振り分け</translation>
    </message>
    <message>
        <source>%1 (port %2 to %3)</source>
        <translation>%1 (ポート %2 → %3)</translation>
    </message>
    <message>
        <source>MailShim: %1 not changed</source>
        <translation>MailShim: %1 を変更できませんでした</translation>
    </message>
    <message>
        <source>Pause all</source>
        <translation>すべて一時停止</translation>
    </message>
    <message>
        <source>Show log</source>
        <translation>ログを表示</translation>
    </message>
    <message>
        <source>Setup wizard...</source>
        <translation>セットアップウィザード...</translation>
    </message>
    <message>
        <source>Start at login</source>
        <translation>ログイン時に起動</translation>
    </message>
    <message>
        <source>MailShim: start at login not changed</source>
        <translation>MailShim: 「ログイン時に起動」を変更できませんでした</translation>
    </message>
    <message>
        <source>About MailShim</source>
        <translation>MailShim について</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>終了</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>MailShim: server certificate changed or invalid</source>
        <translation>MailShim: サーバー証明書が変更されたか、無効です</translation>
    </message>
    <message>
        <source>MailShim: mail server unreachable</source>
        <translation>MailShim: メールサーバーに接続できません</translation>
    </message>
    <message>
        <source>MailShim: account login failed</source>
        <translation>MailShim: アカウントのログインに失敗しました</translation>
    </message>
    <message>
        <source>MailShim: mail session failed</source>
        <translation>MailShim: メールのセッションに失敗しました</translation>
    </message>
    <message>
        <source>MailShim: %1 of %2 listeners up, %3 sessions active</source>
        <translation>MailShim: リスナー %2 個中 %1 個が稼働中、セッション %3 件が接続中</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>一時停止中</translation>
    </message>
    <message>
        <source>Last error: %1</source>
        <translation>最後のエラー: %1</translation>
    </message>
    <message>
        <source>Proxy chain...</source>
        <translation>プロキシチェーン...</translation>
    </message>
    <message>
        <source>%1 (sending: port %2 to %3)</source>
        <translation>%1 (送信: ポート %2 → %3)</translation>
    </message>
    <message>
        <source>Sign in again to %1...</source>
        <translation>%1 にもう一度サインイン...</translation>
    </message>
    <message>
        <source>The provider no longer accepts the sign-in of &quot;%1&quot; (for example after a password change). Click here, or &quot;Sign in again to %1...&quot; in this menu, to sign in in the browser.</source>
        <translation>「%1」のサインインがプロバイダーで無効になりました (パスワードを変更した場合など)。ここをクリックするか、このメニューの「%1 にもう一度サインイン...」を選んで、ブラウザーでサインインしてください。</translation>
    </message>
    <message>
        <source>MailShim: sign in again</source>
        <translation>MailShim: もう一度サインインしてください</translation>
    </message>
</context>
<context>
    <name>mailshim::WizardAccountPage</name>
    <message>
        <source>Your mail account</source>
        <translation>メールアカウント</translation>
    </message>
    <message>
        <source>MailShim will check which protections your mail server offers. Nothing is changed on the server.</source>
        <translation>メールサーバーが対応している保護方式を MailShim が確認します。サーバー上では何も変更されません。</translation>
    </message>
    <message>
        <source>you@example.net</source>
        <translation>you@example.net</translation>
    </message>
    <message>
        <source>pop.example.net</source>
        <translation>pop.example.net</translation>
    </message>
    <message>
        <source>optional: used to test the login</source>
        <translation>省略可: ログインのテストに使用します</translation>
    </message>
    <message>
        <source>Keep the password in the system keychain, so the mail client can use any password</source>
        <translation>パスワードをシステムのキーチェーンに保存する (メールソフトでは任意のパスワードを使用できます)</translation>
    </message>
    <message>
        <source>only for a private certificate authority</source>
        <translation>プライベート認証局 (CA) を使う場合のみ</translation>
    </message>
    <message>
        <source>Mail &amp;address:</source>
        <translation>メールアドレス(&amp;A):</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>ユーザー名(&amp;U):</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>パスワード(&amp;P):</translation>
    </message>
    <message>
        <source>Advanced</source>
        <translation>詳細設定</translation>
    </message>
    <message>
        <source>POP3 port:</source>
        <translation>POP3 ポート:</translation>
    </message>
    <message>
        <source>POP3 over TLS port:</source>
        <translation>TLS 接続の POP3 ポート:</translation>
    </message>
    <message>
        <source>CA file:</source>
        <translation>CA ファイル:</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid server name.</source>
        <translation>「%1」は有効なサーバー名ではありません。</translation>
    </message>
    <message>
        <source>The CA file %1 cannot be read.</source>
        <translation>CA ファイル %1 を読み込めません。</translation>
    </message>
    <message>
        <source>Send mail through MailShim too</source>
        <translation>メールの送信にも MailShim を使う</translation>
    </message>
    <message>
        <source>smtp.example.net</source>
        <translation>smtp.example.net</translation>
    </message>
    <message>
        <source>POP3 &amp;server (incoming):</source>
        <translation>POP3 サーバー (受信)(&amp;S):</translation>
    </message>
    <message>
        <source>SMTP s&amp;erver (outgoing):</source>
        <translation>SMTP サーバー (送信)(&amp;E):</translation>
    </message>
    <message>
        <source>SMTP submission port:</source>
        <translation>SMTP サブミッションポート:</translation>
    </message>
    <message>
        <source>SMTP over TLS port:</source>
        <translation>TLS 接続の SMTP ポート:</translation>
    </message>
    <message>
        <source>Sign in in the browser instead of a password (Microsoft 365, Outlook.com, Gmail, or a company mailbox there)</source>
        <translation>パスワードの代わりにブラウザーでサインインする (Microsoft 365、Outlook.com、Gmail、またはそれらを使う会社のメールボックス)</translation>
    </message>
    <message>
        <source>No password is needed here: on the next page you sign in once in your browser. The mail program then keeps its user name and may send any password.</source>
        <translation>ここではパスワードは不要です。次のページでブラウザーから一度サインインします。メールソフトはユーザー名をそのまま使い、パスワードは何を送ってもかまいません。</translation>
    </message>
</context>
<context>
    <name>mailshim::WizardProbePage</name>
    <message>
        <source>Checking the server</source>
        <translation>サーバーの確認</translation>
    </message>
    <message>
        <source>Trust exactly this server certificate (MailShim will refuse any other)</source>
        <translation>このサーバー証明書だけを信頼する (MailShim はそれ以外の証明書をすべて拒否します)</translation>
    </message>
    <message>
        <source>I understand that my password and mail will cross the network unprotected</source>
        <translation>パスワードとメールが保護されずにネットワークを流れることを理解しました</translation>
    </message>
    <message>
        <source>Connecting to %1...</source>
        <translation>%1 に接続しています...</translation>
    </message>
    <message>
        <source>Done.</source>
        <translation>完了しました。</translation>
    </message>
    <message>
        <source>%1, trusting this server&apos;s certificate</source>
        <translation>%1 (このサーバーの証明書を信頼)</translation>
    </message>
    <message>
        <source>The server could not be reached with any mode.</source>
        <translation>どの方式でもサーバーに接続できませんでした。</translation>
    </message>
    <message>
        <source>The password could not be stored in the keychain (%1). Untick &quot;keep the password&quot; on the previous page to let the mail client send it instead.</source>
        <translation>パスワードをキーチェーンに保存できませんでした (%1)。前のページで「パスワードを保存する」のチェックを外すと、代わりにメールソフトからパスワードを送信するようになります。</translation>
    </message>
    <message>
        <source>The listener could not be created: %1</source>
        <translation>リスナーを作成できませんでした: %1</translation>
    </message>
    <message>
        <source>No keychain is available. Untick &quot;keep the password&quot; on the previous page to let the mail client send it instead.</source>
        <translation>使えるキーチェーンがありません。前のページの「パスワードを保存する」のチェックを外すと、代わりにメールソフトがパスワードを送ります。</translation>
    </message>
    <message>
        <source>Storing the password in the keychain...</source>
        <translation>パスワードをキーチェーンに保存しています...</translation>
    </message>
    <message>
        <source>The password is in the keychain.</source>
        <translation>パスワードはキーチェーンに保存されています。</translation>
    </message>
    <message>
        <source>Back to the account page</source>
        <translation>アカウントのページに戻る</translation>
    </message>
    <message>
        <source>Create the listener anyway (the mail program will be refused the same way until the account is corrected)</source>
        <translation>それでもリスナーを作成する (アカウントを修正するまで、メールソフトも同じように拒否されます)</translation>
    </message>
    <message>
        <source>The test login with your account failed: %1
Check the user name and password on the account page.</source>
        <translation>お使いのアカウントでのテストログインに失敗しました: %1
アカウントのページでユーザー名とパスワードを確認してください。</translation>
    </message>
    <message>
        <source>Checking the outgoing server</source>
        <translation>送信サーバーの確認</translation>
    </message>
    <message>
        <source>The same for sending mail: MailShim looks at ports 465 and 587 of the outgoing (SMTP) server. Nothing is sent.</source>
        <translation>送信側も同じように確認します。MailShim が送信 (SMTP) サーバーのポート 465 と 587 を調べます。メールは送信されません。</translation>
    </message>
    <message>
        <source>Do not set up sending mail now</source>
        <translation>今はメールの送信を設定しない</translation>
    </message>
    <message>
        <source>The server offers no login here: it may accept mail only after mail was received.</source>
        <translation>このサーバーはここでログインを提供していません。メールを受信した後にだけ送信を受け付けるのかもしれません。</translation>
    </message>
    <message>
        <source>The server offers no login here, so MailShim will receive mail with &quot;%1&quot; before sending (POP before SMTP).</source>
        <translation>このサーバーはここでログインを提供していないため、MailShim は送信の前に「%1」で受信のログインを行います (POP before SMTP)。</translation>
    </message>
</context>
<context>
    <name>mailshim::WizardResultPage</name>
    <message>
        <source>Set up your mail program</source>
        <translation>メールソフトの設定</translation>
    </message>
    <message>
        <source>Incoming mail server (POP3):</source>
        <translation>受信メールサーバー (POP3):</translation>
    </message>
    <message>
        <source>Port:</source>
        <translation>ポート:</translation>
    </message>
    <message>
        <source>User name:</source>
        <translation>ユーザー名:</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>パスワード:</translation>
    </message>
    <message>
        <source>Copy all settings</source>
        <translation>すべての設定をコピー</translation>
    </message>
    <message>
        <source>(your user name at %1)</source>
        <translation>(%1 でのユーザー名)</translation>
    </message>
    <message>
        <source>any text: MailShim uses the password in the keychain</source>
        <translation>任意の文字列 (MailShim はキーチェーンのパスワードを使用します)</translation>
    </message>
    <message>
        <source>your mail password, as before</source>
        <translation>これまでと同じメールのパスワード</translation>
    </message>
    <message>
        <source>MailShim now listens on 127.0.0.1:%1 and connects to %2 using %3.</source>
        <translation>MailShim は 127.0.0.1:%1 で待ち受け、%3 で %2 に接続します。</translation>
    </message>
    <message>
        <source>A test login with your account worked.</source>
        <translation>お使いのアカウントでのテストログインに成功しました。</translation>
    </message>
    <message>
        <source>The server&apos;s certificate is pinned: if it ever changes, MailShim stops and tells you.</source>
        <translation>サーバーの証明書をピン留めしました。今後証明書が変更された場合、MailShim は接続を中止してお知らせします。</translation>
    </message>
    <message>
        <source>Incoming mail server (POP3): %1
Port: %2
User name: %3
Password: %4
SSL/TLS: off</source>
        <translation>受信メールサーバー (POP3): %1
ポート: %2
ユーザー名: %3
パスワード: %4
SSL/TLS: オフ</translation>
    </message>
    <message>
        <source>The test login with your account failed (%1): the mail program will be refused the same way until the user name or password is corrected.</source>
        <translation>お使いのアカウントでのテストログインに失敗しました (%1)。ユーザー名またはパスワードを修正するまで、メールソフトも同じように拒否されます。</translation>
    </message>
    <message>
        <source>Enter these settings in Outlook or your other mail program. Turn off SSL/TLS there: MailShim protects the connection to the server.</source>
        <translation>Outlook などのメールソフトに次の設定を入力してください。メールソフト側の SSL/TLS はオフにします。サーバーとの接続は MailShim が保護します。</translation>
    </message>
    <message>
        <source>Incoming mail (POP3)</source>
        <translation>受信メール (POP3)</translation>
    </message>
    <message>
        <source>Outgoing mail (SMTP)</source>
        <translation>送信メール (SMTP)</translation>
    </message>
    <message>
        <source>Outgoing mail server (SMTP):</source>
        <translation>送信メールサーバー (SMTP):</translation>
    </message>
    <message>
        <source>Outgoing server requires authentication:</source>
        <translation>送信サーバーは認証が必要:</translation>
    </message>
    <message>
        <source>Encryption (SSL/TLS):</source>
        <translation>暗号化 (SSL/TLS):</translation>
    </message>
    <message>
        <source>No</source>
        <translation>いいえ</translation>
    </message>
    <message>
        <source>Yes, same settings as for incoming mail</source>
        <translation>はい (受信メールサーバーと同じ設定を使用)</translation>
    </message>
    <message>
        <source>Mail sent to 127.0.0.1:%1 goes to %2 using %3.</source>
        <translation>127.0.0.1:%1 に送ったメールは、%3 で %2 に届けられます。</translation>
    </message>
    <message>
        <source>A test login to the outgoing server worked.</source>
        <translation>送信サーバーへのテストログインに成功しました。</translation>
    </message>
    <message>
        <source>The test login to the outgoing server failed (%1): sending will be refused the same way until the user name or password is corrected.</source>
        <translation>送信サーバーへのテストログインに失敗しました (%1)。ユーザー名またはパスワードを修正するまで、送信も同じように拒否されます。</translation>
    </message>
    <message>
        <source>The server wants mail to be received first (POP before SMTP): MailShim does that with &quot;%1&quot; before sending.</source>
        <translation>このサーバーは先にメールの受信を求めます (POP before SMTP)。MailShim が送信の前に「%1」で受信のログインを行います。</translation>
    </message>
    <message>
        <source>Outgoing mail server (SMTP): %1
Port: %2
Outgoing server requires authentication: %3
SSL/TLS: off</source>
        <translation>送信メールサーバー (SMTP): %1
ポート: %2
送信サーバーは認証が必要: %3
SSL/TLS: オフ</translation>
    </message>
    <message>
        <source>None</source>
        <translation>なし</translation>
    </message>
    <message>
        <source>any text: it is not used, MailShim signs in for you</source>
        <translation>任意の文字列 (使われません。MailShim がサインインします)</translation>
    </message>
    <message>
        <source>You signed in at the provider: MailShim logs in for you with that sign-in, and the password the mail program sends is ignored. If the provider ever asks for a new sign-in, MailShim&apos;s tray icon tells you.</source>
        <translation>プロバイダーでサインインしました。MailShim がそのサインインでログインするため、メールソフトが送るパスワードは無視されます。プロバイダーがもう一度サインインを求めた場合は、MailShim のトレイアイコンでお知らせします。</translation>
    </message>
</context>
<context>
    <name>mailshim::WizardSignInPage</name>
    <message>
        <source>Sign in to your mailbox</source>
        <translation>メールボックスにサインイン</translation>
    </message>
    <message>
        <source>Your provider wants you to sign in in the browser instead of giving MailShim your password. You do this once; MailShim then stays signed in.</source>
        <translation>プロバイダーは、MailShim にパスワードを渡す代わりにブラウザーでサインインすることを求めています。サインインは一度だけで、その後 MailShim はサインインした状態を保ちます。</translation>
    </message>
</context>
</TS>
