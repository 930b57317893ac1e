<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>ChainWizardText</name>
    <message>
        <source>MailShim (this program)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Antivirus proxy (takes host:user)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>POPFile or a proxy that takes host:port:user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fixed forwarder (passes the user name on)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Antivirus</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forwarder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>hop %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The chain has no hops: add at least MailShim.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server name or the user name at the server is missing or invalid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has no port yet. Use &quot;Find free ports&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 and %2 both listen on port %3: each hop needs its own port.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 would listen on port %2, which MailShim&apos;s listener &quot;%3&quot; uses.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another program already listens on port %1, so %2 cannot.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server is %1 itself: the mail would go round in a loop.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 cannot be told a port (it takes host%2user), so it always connects to port 110, but the next hop listens elsewhere. Let the next hop listen on 110, or choose the host:port:user kind if %1 accepts it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 reads the mail but stands between MailShim and the server. A scanner cannot read encrypted mail, so MailShim&apos;s encryption must be the last hop, after every scanner.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server expects TLS, but the last hop, %1, speaks only plain POP3. Put MailShim last.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 talks to the server without encryption: the password and the mail cross the network in the clear.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MailShim appears twice. One MailShim does not pass mail to its own listeners (that is how it prevents mail loops); keep one MailShim hop.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The separator of %1 cannot be used here: it must be one of %2 and must not appear in the next host name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MailShim&apos;s listener &quot;%1&quot; listens on %2:%3 and passes user names of the form host%4...%4user on, to %5 only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MailShim&apos;s listener &quot;%1&quot; listens on %2:%3 and connects to %4 using %5.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: let it listen on %2:%3. It finds the next hop (%4) in the user name; it always connects to port 110.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: POP3 listen port %2, separator &quot;%3&quot;. It finds the next hop (%4) in the user name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: let it listen on %2:%3 and forward to %4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2:%3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The chain works: a login went through every hop to the server, which answered %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The chain breaks at %1: nothing answers there (%2). Is that program running?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The chain breaks at %1: it does not greet like a POP3 proxy (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 refused the login: &quot;%2&quot;. This reply comes from the server behind it: check the user name and password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The chain breaks at %1: it refused %2 with &quot;%3&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The test was stopped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Logging in at %1...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking that %1 answers...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The spam filter goes first, then the antivirus, and MailShim last, next to the server. Scanners cannot read encrypted mail, so they must see it after MailShim has decrypted it; the spam filter then classifies mail the antivirus has already cleaned.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Engine</name>
    <message>
        <source>user-name routing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>listening on %1 port %2 for %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot listen on %1 port %2: %3; retrying in %4 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>waiting for network: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 resolves again: the network is up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stopped listening on port %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this listener already has %1 sessions (maxSessions)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MailShim already has %1 sessions (maxSessionsTotal)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>connection refused: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot resolve %1 (%2); trying again in %3 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>removed from the configuration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>configuration changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>configuration applied: %1 listener(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MailShim stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>certificate of %1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is MailShim itself (%2 port %3): refused to prevent a mail loop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TLS with %1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no connection within %1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 did not answer in time during %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot reach %1 after %2 attempts: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>connecting to %1, attempt %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot reach %1: %2; retrying in %3 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TLS established with %1: %2%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 sent a line over 512 bytes during %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 refused STLS (%2); not continuing without encryption</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 sent data after its +OK to STLS (response injection?); connection aborted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 answered the login with a malformed line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 refused the login: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 greeted with an error: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>banner: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 offers no valid APOP timestamp in its greeting; APOP refused, no clear-text fallback</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 sent data after CAPA before STLS was sent (response injection?); connection aborted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 does not offer STLS; not continuing without encryption</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 sent unexpected data after the login reply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 greeted; no login asked for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>logged in to %1 as %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 closed the connection during %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TLS handshake after STLS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>client connected from %1 port %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stopped by MailShim</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>too much input before the login finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>client flooded during the login</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>line too long (limit %1 bytes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>client sent an overlong line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HTTP request on the POP3 port; connection closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HTTP request refused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>client: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>client quit before logging in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>too many bad commands before login; connection closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>too many bad commands</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>routing refused for user &quot;%1&quot;: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 failed recently (%2); next try in %3 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>login to %1 failed recently with this password; not retried for %2 s (a different password is tried at once)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>warning: %1 is configured as plain; the password crosses the network unprotected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>using the stored password for %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no stored password for %1; using the client&apos;s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>keychain unavailable (%1); using the client&apos;s password for %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>client left during the login</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>logged in to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>session ended: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server refused the login</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>login not completed within %1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>client disconnected before logging in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>client sent a command line over %1 bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>server protocol error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>client quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>client disconnected without QUIT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>session ended with QUIT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>server closed the connection in the middle of a message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>server closed the connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>server did not answer within %1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>idle for %1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this listener expects user names of the form host[:port]%1user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>user name is not of the form host[:port]%1user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid host name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is allowed on several ports; put the port in the user name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not on this listener&apos;s allow-list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is one of MailShim&apos;s own listeners: refused to prevent a mail loop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TLS handshake</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>connect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>greeting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CAPA before STLS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>APOP login</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>certificate of %1 accepted by its pinned key despite: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the user name is empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a user name cannot hold spaces or control characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the name ends after &quot;%1&quot;: the user name at the server is missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; names no host: it is a plain user name, not a chain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>hop %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The login went through the whole chain: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 does not answer: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 does not greet like a POP3 server: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 refused %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The test was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the chain has no hops</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the connection was lost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a reply line was too long</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no answer within %1 seconds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TLS handshake failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the certificate&apos;s key does not match the pinned key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>certificate not trusted: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sent a line over 512 bytes (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>STLS refused: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>data after the +OK to STLS (response injection?)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>did not greet with +OK</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>data after CAPA before STLS was sent (response injection?)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot connect: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>connection lost (%1): %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no TLS handshake within %1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no answer within %1 s (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>connecting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>waiting for the greeting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not reachable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no +OK greeting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no usable TLS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no STLS offered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issued to: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issued by: %1%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (self-signed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valid from %1 to %2%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (expired)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (not yet valid)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Public key SHA-256: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trusted for this server name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not trusted, but its key matches your pin.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not trusted: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>port %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the certificate you pinned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a trusted certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 offers TLS with %2 for %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 offers STLS with %2 for %3; %4: %5.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 works, but only after you pin the certificate of %2 port %3: it is not trusted (%4). Pin its key (SHA-256 %5) only if you know it is your server&apos;s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> Without a pin, apop works, but mail travels unencrypted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No usable TLS (%1: %2; %3: %4). APOP keeps the password off the wire, but mail travels unencrypted (legacy).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No protected mode works (%1: %2; %3: %4).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> The server answers plain POP3 only; MailShim will not recommend sending the password unprotected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no port to check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> The login was not tried.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> The login was not tried: it waits until the certificate is pinned.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Logging in with %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> The login test succeeded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> The login test failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 uses no TLS, so there is no certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server presented no certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>background process (no systemd)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>systemd user unit %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Windows service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TLS handshake after STARTTLS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 sent a malformed reply during %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 refused EHLO: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 does not offer STARTTLS; not continuing without encryption</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 refused STARTTLS (%2); not continuing without encryption</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 sent data after its 220 to STARTTLS (response injection?); connection aborted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 offers neither AUTH PLAIN nor AUTH LOGIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>connected to %1 without AUTH</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>logged in to %1 as %2 (AUTH %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>-&gt; %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown setting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown setting; did you mean &quot;%1&quot;?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be true or false, got %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be a whole number from %1 to %2, got %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>is required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be a string, got %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be an object, got %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be an array, got %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be major, problems, low or all, got &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>is required (an array, may be empty)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be an object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>is not a valid host name or IP address: &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be apop, tls, stls, apop+tls or plain, got &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>file not found: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>holds no PEM certificate: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be 64 hex digits (SHA-256 of the public key), got &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>false needs pinSha256: only a pinned key may stand in for the host name check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>caFile and pinSha256 need a TLS mode (tls, stls or apop+tls)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>plain: the password crosses the network unprotected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>apop without TLS is a legacy mode: mail is not encrypted (apop+tls is offered)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be one of the characters %1, got &quot;%2&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>routing is enabled but the allow-list is empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be 1 to 64 characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be address:port such as 127.0.0.1:3999, got &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a loopback address; set allowNonLoopback to listen beyond this computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>is required unless routing is enabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be at most 255 characters without control characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is already used by listeners[%2]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>port %1 is already used by listeners[%2]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>points at this listener itself (%1:%2): a mail loop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not valid JSON at line %1, column %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the top level must be a JSON object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is larger than 4 MiB; not a MailShim config</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>control channel: a request over %1 bytes was dropped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>control channel: shutdown requested</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>control channel: refused %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>control channel: stored the password of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>control channel: forgot the password of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>control channel: the password of %1 was not stored: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>control channel: no longer accepting clients: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1; running without a control channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MailShim %1 started (config %2%3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>running without listeners: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no config file yet: running without listeners</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: warning: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: error: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: not reloaded; the running configuration stays in force</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reloaded %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the broken config file was kept as %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stopping: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SIGHUP: reloading %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be tls, starttls or plain for an SMTP listener, got &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be pop3 or smtp, got &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>routing by user name is for POP3 listeners only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>is for SMTP listeners only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be required or optional, got &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be shorter than windowSeconds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no 220 greeting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no STARTTLS offered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 offers STARTTLS with %2 for %3; %4: %5.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> The server answers plain SMTP only; MailShim will not recommend sending the password unprotected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> The server offers no login (AUTH) there: it may accept mail only after a POP3 login (POP before SMTP).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> The login was not tried: the server offers no AUTH.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sent a malformed SMTP reply (%1): %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>did not greet with 220: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>STARTTLS refused: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>data after the 220 to STARTTLS (response injection?)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>refused EHLO: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>data after EHLO before STARTTLS was sent (response injection?)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>receive mail first: the POP3 listener &quot;%1&quot; is not configured</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>POP before SMTP: %1 logged in %2 s ago</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>receive mail first: this server lets you send only after a POP3 login, and &quot;%1&quot; has no stored password for MailShim to log in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>receive mail first: no stored password for %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>receive mail first: keychain unavailable (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>POP before SMTP: logging in to %1 as %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>receive mail first: the POP3 login failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>POP before SMTP: waiting %1 ms for the login to take effect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 closed the connection before the login</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ended the session while waiting: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>waiting for the client&apos;s login</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the mail server did not answer within %1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>client sent its message before the reply to DATA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>client sent BDAT, which MailShim does not offer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the mail server sent a malformed reply: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the mail server sent a line over 512 bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the mail server ended the session: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>message accepted by the server: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>message refused by the server: %1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>client disconnected in the middle of a message; the server got no end of message and delivers nothing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the mail server closed the connection during a message; it was not sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the mail server closed the connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this SMTP listener has no server configured</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HTTP request on the SMTP port; connection closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>client quit before sending mail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no stored password for %1 at %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>receive mail first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the connection to the mail server was lost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>connected to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>client disconnected before sending mail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 offers no AUTH (POP before SMTP): the client&apos;s login is not needed there</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be password or oauth2, got &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>is used only with &quot;login&quot;: &quot;oauth2&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>is required with login oauth2 (provider and clientId)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>oauth2 needs upstream.security tls or %1, got &quot;%2&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>is required with login oauth2: the account that signs in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot be enabled with login oauth2: a token is for one account on one server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be false with login oauth2: the access token replaces the password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be one of %1, got &quot;%2&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>is for the microsoft provider only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be common, organizations, a directory id or a domain, got &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>is required for a custom provider without an issuer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be 1 to 512 characters without control characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be at most 512 characters without control characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be a scope name without spaces, got %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be an https:// URL (http:// only on this computer), got &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optional needs a user and storedPassword (or login oauth2): a client that does not log in sends as that user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot be combined with login oauth2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a POP3 listener with a fixed server and a password login</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this port signs in as %1 only, not as %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no OAuth sign-in is available in this program</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the OAuth sign-in for %1 gave an unusable access token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sign in again in MailShim (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot get an access token for %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 refused AUTH %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 refused the access token (status %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 went on challenging after the refused access token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: an access token is sent only inside TLS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CAPA inside TLS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OAuth login</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 refused this access token recently; not retried for %2 s (sign in again in MailShim to try at once)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 refused the access token; trying a fresh one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>control channel: the sign-in of %1 was not stored: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>control channel: stored the sign-in of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>control channel: forgot the sign-in of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the sign-in of %1 changed: its next login reads it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sign in again: %1 (listener %2): %3; sign in from the tray program, or run mailshim-service --sign-in %4</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FileField</name>
    <message>
        <source>Browse...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CA certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProbeText</name>
    <message>
        <source>not reachable: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>greeting: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>offers APOP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no APOP timestamp in the greeting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>capabilities: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>encryption works</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>encryption failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>certificate trusted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>certificate not trusted: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No secure way to reach this server was found. %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recommended: %1. %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server&apos;s certificate is not trusted by this computer; MailShim will trust exactly this certificate (pin) if you accept it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Port %1 (POP3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>offers STARTTLS (STLS)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Port %1 (POP3 over TLS)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>login works</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>login refused: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>login methods (AUTH): %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no login (AUTH) offered inside TLS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Port %1 (SMTP submission)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>offers STARTTLS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Port %1 (SMTP over TLS)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RemoteCredentialStore</name>
    <message>
        <source>the background service keeps the stored passwords and never hands them out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the background service: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SecurityText</name>
    <message>
        <source>The whole connection to the server is encrypted from the first byte, and the server&apos;s certificate is checked. Recommended.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MailShim connects on the normal POP3 port and switches to encryption before sending anything secret. If the server will not switch, MailShim stops rather than continue unprotected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Encrypted like TLS, and the password is also sent only as an APOP digest.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The password is sent as an APOP digest instead of in clear text, but the connection is not encrypted: anyone on the network can read your mail.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No protection at all: the password and the mail cross the network in clear text. Only for servers on this computer or a trusted network.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Without TLS your mail is readable on the network, and APOP&apos;s MD5 digest is weak by today&apos;s standards. Use TLS or STARTTLS if the server offers them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your password and mail are sent unprotected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TLS (POP3S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>STARTTLS (STLS)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>APOP inside TLS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>APOP only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plain, unprotected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TLS (POP3S, port %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>STARTTLS (STLS, port %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>APOP inside TLS (port %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>APOP only (port %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plain, unprotected (port %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TLS (SMTPS)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>STARTTLS (submission)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TLS (SMTPS, port %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>STARTTLS (submission, port %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your mail and your password travel to the outgoing server encrypted from the first byte, and the server&apos;s certificate is checked. Recommended.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MailShim connects on the submission port and switches to encryption before it logs in or sends anything. If the server will not switch, MailShim stops rather than send unprotected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending mail (SMTP)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Receiving mail (POP3)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SignInText</name>
    <message>
        <source>Details: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed in. MailShim can now read and send mail for %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sign-in was refused in the browser. Sign in again and allow MailShim access; if your organisation does not allow it, ask your administrator.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The browser&apos;s answer did not belong to this sign-in, so nothing was stored. Start the sign-in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The browser did not answer in time. Start the sign-in again and finish it in the browser.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider refused the sign-in. Check the client ID (and the client secret, if there is one).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You signed in, but the provider does not let MailShim stay signed in. The registered application must be allowed offline access.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>These settings cannot work. Check the fields above.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider could not be reached. Check the internet connection and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You signed in, but the keychain did not keep the sign-in. Try again, or check the keychain.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MailShim could not open a port on this computer for the browser&apos;s answer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sign-in was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not signed in yet: press &quot;Sign in...&quot; to sign in in the browser.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in again: the provider no longer accepts the earlier sign-in (for example after a password change).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for the browser... Sign in there and allow MailShim access, then come back here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signing in is not possible here: there is no keychain to keep the sign-in in, or this copy of MailShim was built without the browser sign-in.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mailshim::ChainWizard</name>
    <message>
        <source>MailShim proxy chain</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mailshim::ChainWizardDiagram</name>
    <message>
        <source>Mail program</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not encrypted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TLS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>APOP + TLS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>APOP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>127.0.0.1:%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>port %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mailshim::ChainWizardHopsPage</name>
    <message>
        <source>&amp;Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use the recommended &amp;order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The proxies between your mail program and the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>List every local POP3 proxy in the path, in the order the mail program reaches them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find &amp;free ports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write the port even when it is 110</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Selected hop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Listens on:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Separator:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User name for the mail program:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The order is the recommended one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add MailShim to the chain: it is the hop this wizard sets up.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problem:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warning:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No problems found.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>chain to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>chain to %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MailShim&apos;s listener could not be saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another order is recommended.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mailshim::ChainWizardResultPage</name>
    <message>
        <source>&amp;Test chain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set up your mail program and the other proxies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter these settings for incoming mail (POP3) in Outlook or your other mail program, with SSL/TLS turned off there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incoming mail server (POP3):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Port:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each hop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>empty: the password stored in the keychain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No keychain is available: type the password to test with (it is not stored).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the password from the keychain...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No password is stored for %1: type it above to test with (it is not stored).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mailshim::ChainWizardServerPage</name>
    <message>
        <source>Your mail server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Several local POP3 proxies (antivirus, spam filter, MailShim) can stand between your mail program and the server. This wizard orders them, gives each its port, and works out the user name that tells each one where the next is.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pop.example.net</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>default for the mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>only for a private certificate authority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Read it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MailShim &amp;listener:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>POP3 &amp;server:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server &amp;port:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Protection:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;User name at the server:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CA file:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Already have a chained user name? (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A new listener</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (port %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is not a chained user name: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mail program</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>110 (not written)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a proxy reading &quot;host%1&quot; (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>server %1:%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This name describes: %1, user name &quot;%2&quot;. Its hops are the starting point of the next page.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid server name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the user name you have at the server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The CA file %1 cannot be read.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mailshim::CopyableRow</name>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mailshim::ListenerEditor</name>
    <message>
        <source>Add a listener</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit listener %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On this computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Local &amp;port:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pop.example.net</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Allow the user name to choose the server (POPFile style host:port:user)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mail server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Server:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;ecurity:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server p&amp;ort:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Separator:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use the password stored in the keychain (the mail client may send any password)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No keychain is available: the mail client must send the password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(unchanged)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>only for a private certificate authority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SHA-256 of the server&apos;s public key (64 hex digits), optional</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fetch certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TLS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CA file:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pin:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Port %1 is already used by listener &quot;%2&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Port %1 cannot be opened now (%2). Another program may be using it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Some old Outlook versions accept only four-digit ports (up to 9999).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter a valid server name first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not fetch the certificate: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting to %1...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the listener a name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another listener is already called &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the mail server&apos;s name, for example pop.example.net.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid server name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A pin is 64 hexadecimal digits (a SHA-256 hash).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file %1 cannot be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file %1 holds no PEM certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the user name the password belongs to.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One of these characters: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At most 255 characters, without control characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tick &quot;Use the password stored in the keychain&quot; to keep this password, or leave the field empty: the mail client then sends the password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The keychain did not take the password (%1). Nothing was saved. Untick &quot;Use the password stored in the keychain&quot; and clear the password to let the mail client send it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pin this certificate anyway</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MailShim will then refuse any other certificate, also the server&apos;s next routine renewal.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No pin is needed: this certificate is trusted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Used for:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>smtp.example.net</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the mail server&apos;s name, for example smtp.example.net.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the mailbox address, for example you@example.net</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the mailbox address that signs in, for example you@example.net.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mailshim::ListenerTableModel</name>
    <message>
        <source>off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>listening</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>waiting: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(routed by user name)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>per route</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Local port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Security</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending (SMTP)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Receiving (POP3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Used for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sign in again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider no longer accepts this account&apos;s sign-in. Edit the listener and press &quot;Sign in...&quot;, or choose &quot;Sign in again&quot; in the tray menu.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mailshim::LocalEngineBackend</name>
    <message>
        <source>in this program</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The settings could not be saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mailshim::LogModel</name>
    <message>
        <source>Major</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problems</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Low-level</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All info</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Level</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Listener</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mailshim::LogView</name>
    <message>
        <source>Search the log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save as...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text files (*.txt);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The log could not be saved to %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mailshim::MainWindow</name>
    <message>
        <source>&amp;Edit...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;MailShim</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Setup wizard...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About MailShim</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MailShim</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The change was not made: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Engine: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all listeners paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove listener</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the listener &quot;%1&quot;? Mail clients set up for it will stop working.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This listener routes by user name; test it with the proxy chain wizard.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Proxy chain...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop forwarding mail?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no system tray to keep MailShim in. Closing this window quits MailShim, and your mail program can no longer reach the mail server through it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop and quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep running minimized</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending through &quot;%1&quot; needs it (POP before SMTP: the server accepts mail only after mail was received), so that listener will be removed too. To keep it, choose another receiving listener in its settings first.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mailshim::OAuthOptions</name>
    <message>
        <source>Sign in...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel sign-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in with the provider (OAuth 2.0)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Microsoft 365 (Outlook.com, Hotmail, work or school)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Google (Gmail, Google Workspace)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>empty: any account; or your organisation&apos;s domain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>https://login.example.net</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>only without an issuer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>empty: offline_access</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>P&amp;rovider:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Directory (tenant):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Iss&amp;uer:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign-in address:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token address:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scopes:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Client ID:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client s&amp;ecret:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MailShim signs in to the mail server for you. The mail program keeps its user name and may send any password: it is not used.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The mail program&apos;s password (or the one kept in the keychain) logs in to the mail server. Microsoft 365 and Google refuse passwords for most accounts: choose the sign-in for them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MailShim needs an application ID from Microsoft. Your administrator registers MailShim once in Microsoft Entra ID and gives you its &quot;Application (client) ID&quot;; the page &quot;OAuth 2.0 sign-in&quot; (oauth.md) in MailShim&apos;s documentation says how. Directory: leave it empty for any account, or enter your organisation&apos;s domain if the application is registered for it alone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In the Google Cloud console, create an OAuth client ID of the type &quot;Desktop app&quot; and copy its client ID and client secret here; the page &quot;OAuth 2.0 sign-in&quot; (oauth.md) in MailShim&apos;s documentation says how. Google asks for the secret even though a desktop program cannot keep it secret.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter your provider&apos;s address (issuer), or its sign-in and token addresses, and the client ID it gave you for MailShim. Register MailShim as a public (desktop) client that may return to http://127.0.0.1 on any port; the page &quot;OAuth 2.0 sign-in&quot; (oauth.md) in MailShim&apos;s documentation says more. A client secret is needed only if the provider demands one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>only if the provider demands one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the client ID of the application registered with the provider (see the note below).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Google demands the client secret that came with the client ID.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An address must start with https:// (http:// only on this computer).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the issuer, or both the sign-in address and the token address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the mailbox address as the user name first: it is the account that signs in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How MailShim logs in</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mailshim::ProbeDialog</name>
    <message>
        <source>Test %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mailshim::RemoteEngineBackend</name>
    <message>
        <source>background service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>background service (not running)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The background service did not take the change: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the background service is not running</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mailshim::ServiceControl</name>
    <message>
        <source>%1 cannot be run: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Administrator rights were not granted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mailshim-service could not be started (Windows error %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mailshim-service --%1 ended with exit code %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mailshim::ServicePanel</name>
    <message>
        <source>Background service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Install</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>St&amp;art</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>St&amp;op</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Uninstall</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start the tray program at login</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run MailShim in the background from boot or login, without this window, and restart it after a failure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Major events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problems</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Low-level</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Everything</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How much the engine shown here logs; takes effect at once and is saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log level:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Install</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Uninstall</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Uninstall the background service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the background service and remove it? Your listeners and settings stay; MailShim then runs only while this program runs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start at login</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking the background service...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The state of the background service is unknown.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not installed: MailShim runs only while this program runs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Installed, not running.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Installed and running.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This window shows the engine %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service: running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service: stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service: not installed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service: unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log level</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The change was not made: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mailshim-service --%1 failed:
%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service manager: %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mailshim::SetupWizard</name>
    <message>
        <source>MailShim setup</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mailshim::SmtpOptions</name>
    <message>
        <source>Sending mail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Let programs that cannot log in send mail (scanners, copiers)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server accepts mail only after mail was received (POP before SMTP)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Receive with:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending allowed for:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wait after the login:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the account above</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any program on this computer can then send mail as %1 without a password: MailShim logs in for it with the password stored in the keychain.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The mail program logs in as usual (in Outlook: &quot;My outgoing server (SMTP) requires authentication&quot;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Some providers let you send only for a while after you received mail. To use this, first add a listener that receives mail (POP3) from the same provider.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Some providers let you send only for a while after you received mail. Tick this if yours says so.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the user name and keep its password in the keychain: MailShim logs in with them for programs that cannot.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the listener that receives mail from this provider.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The wait must be shorter than the time sending is allowed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unless mail was received recently, MailShim first logs in with this listener (nothing is downloaded or deleted) and waits. It needs its password in the keychain.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mailshim::TrayApplication</name>
    <message>
        <source>The settings file %1 could not be used:
%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It was kept as %1. MailShim starts without listeners; fix that file and copy it back, or set up again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MailShim settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MailShim service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MailShim did not connect to the background service: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About MailShim</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;MailShim %1&lt;/b&gt;&lt;p&gt;Modern mail security for old mail clients: your mail program speaks plain POP3 to this computer, and MailShim carries the session to the mail server with TLS, STARTTLS or APOP.&lt;/p&gt;&lt;p&gt;Settings: %2&lt;/p&gt;&lt;p&gt;Log file: %3&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none (its folder cannot be written)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MailShim: sign in to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MailShim: signed in to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MailShim: sign-in to %1 failed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mailshim::TrayController</name>
    <message>
        <source>Open MailShim</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No listeners yet: run the setup wizard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>routed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (port %2 to %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MailShim: %1 not changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Setup wizard...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start at login</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MailShim: start at login not changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About MailShim</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MailShim: server certificate changed or invalid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MailShim: mail server unreachable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MailShim: account login failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MailShim: mail session failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MailShim: %1 of %2 listeners up, %3 sessions active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Proxy chain...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (sending: port %2 to %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in again to %1...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider no longer accepts the sign-in of &quot;%1&quot; (for example after a password change). Click here, or &quot;Sign in again to %1...&quot; in this menu, to sign in in the browser.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MailShim: sign in again</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mailshim::WizardAccountPage</name>
    <message>
        <source>Your mail account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MailShim will check which protections your mail server offers. Nothing is changed on the server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>you@example.net</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pop.example.net</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optional: used to test the login</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep the password in the system keychain, so the mail client can use any password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>only for a private certificate authority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mail &amp;address:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Advanced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>POP3 port:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>POP3 over TLS port:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CA file:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid server name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The CA file %1 cannot be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send mail through MailShim too</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>smtp.example.net</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>POP3 &amp;server (incoming):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SMTP s&amp;erver (outgoing):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SMTP submission port:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SMTP over TLS port:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in in the browser instead of a password (Microsoft 365, Outlook.com, Gmail, or a company mailbox there)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No password is needed here: on the next page you sign in once in your browser. The mail program then keeps its user name and may send any password.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mailshim::WizardProbePage</name>
    <message>
        <source>Checking the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trust exactly this server certificate (MailShim will refuse any other)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>I understand that my password and mail will cross the network unprotected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting to %1...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, trusting this server&apos;s certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server could not be reached with any mode.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The password could not be stored in the keychain (%1). Untick &quot;keep the password&quot; on the previous page to let the mail client send it instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The listener could not be created: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No keychain is available. Untick &quot;keep the password&quot; on the previous page to let the mail client send it instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Storing the password in the keychain...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The password is in the keychain.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back to the account page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create the listener anyway (the mail program will be refused the same way until the account is corrected)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The test login with your account failed: %1
Check the user name and password on the account page.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking the outgoing server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The same for sending mail: MailShim looks at ports 465 and 587 of the outgoing (SMTP) server. Nothing is sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Do not set up sending mail now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server offers no login here: it may accept mail only after mail was received.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server offers no login here, so MailShim will receive mail with &quot;%1&quot; before sending (POP before SMTP).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mailshim::WizardResultPage</name>
    <message>
        <source>Set up your mail program</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incoming mail server (POP3):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Port:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy all settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(your user name at %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>any text: MailShim uses the password in the keychain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>your mail password, as before</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MailShim now listens on 127.0.0.1:%1 and connects to %2 using %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A test login with your account worked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server&apos;s certificate is pinned: if it ever changes, MailShim stops and tells you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incoming mail server (POP3): %1
Port: %2
User name: %3
Password: %4
SSL/TLS: off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The test login with your account failed (%1): the mail program will be refused the same way until the user name or password is corrected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter these settings in Outlook or your other mail program. Turn off SSL/TLS there: MailShim protects the connection to the server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incoming mail (POP3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outgoing mail (SMTP)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outgoing mail server (SMTP):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outgoing server requires authentication:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Encryption (SSL/TLS):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yes, same settings as for incoming mail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mail sent to 127.0.0.1:%1 goes to %2 using %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A test login to the outgoing server worked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The test login to the outgoing server failed (%1): sending will be refused the same way until the user name or password is corrected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server wants mail to be received first (POP before SMTP): MailShim does that with &quot;%1&quot; before sending.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outgoing mail server (SMTP): %1
Port: %2
Outgoing server requires authentication: %3
SSL/TLS: off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>any text: it is not used, MailShim signs in for you</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You signed in at the provider: MailShim logs in for you with that sign-in, and the password the mail program sends is ignored. If the provider ever asks for a new sign-in, MailShim&apos;s tray icon tells you.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mailshim::WizardSignInPage</name>
    <message>
        <source>Sign in to your mailbox</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your provider wants you to sign in in the browser instead of giving MailShim your password. You do this once; MailShim then stays signed in.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
