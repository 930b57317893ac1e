#pragma once

#include "popclients.h"
#include "testmailbox.h"
#include "testpki.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <QtGlobal>
#include <memory>

class QProcess;

// Runs a private Dovecot (POP3 with APOP, STLS and POP3S) on free loopback ports in a temporary directory, with a
// known mailbox, so tests talk to a real server. Each instance is independent: several test executables can run
// their own at the same time. Needs root (Dovecot's master drops to the `vmail` user for mail access).
class DovecotFixture
{
public:
    DovecotFixture();
    ~DovecotFixture();
    Q_DISABLE_COPY_MOVE(DovecotFixture)

    // Creates the directory, certificates, users and mailboxes, starts `dovecot -F` and waits until both ports
    // accept and the POP3 port greets with +OK. On failure *error says why, with the tail of Dovecot's log.
    bool start(QString *error);
    // Before start(): one more user with its own maildir holding these messages (as stored, LF line ends), e.g. a
    // benchmark's mailbox. alice, bob and messages() stay as they are.
    void addUser(const QString &name, const QString &password, const QList<QByteArray> &storedMessages);
    // Before start(): settings appended to dovecot.conf. Dovecot merges a repeated section, so this may also
    // extend the fixture's own ones, e.g. `service pop3-login { service_count = 0 }` (one long-lived login
    // process, which is what lets TLS sessions be resumed) or process limits for many concurrent sessions.
    void setExtraConfig(const QString &config) { m_extraConfig = config; }
    // Before start(): what a private Postfix in front of this Dovecot needs (PostfixFixture): `protocols = pop3
    // lmtp`, an auth socket for Postfix's SASL and an LMTP socket for delivery (both for the `postfix` user), and
    // `auth_username_format = %Ln`, so that bob@example.org is bob (at LMTP and at login). Every successful POP3 login
    // then also appends "<client address> <unix time>" to popLoginsFile() (a post-login script, as POP-before-SMTP
    // servers did it).
    void enableMtaSupport() { m_mtaSupport = true; }
    bool mtaSupport() const { return m_mtaSupport; }
    // How Dovecot checks OAuth 2.0 access tokens: RFC 7662 introspection at an authorization server (OidcFixture).
    struct OAuth
    {
        QString introspectionUrl; // https://...; introspection_mode = post (client id and secret in the body)
        QString clientId;
        QString clientSecret;
        QString caFile; // the CA of the server's certificate
        QString scope;  // the scope a token must carry (empty: any)
    };
    // Before start(): POP3 (and Postfix's SASL, with enableMtaSupport()) also takes AUTH XOAUTH2 and OAUTHBEARER, the
    // token checked by `passdb oauth2` against settings' introspection endpoint; USER/PASS, PLAIN, LOGIN and APOP
    // keep working. A failed check answers -ERR [AUTH], an unreachable server -ERR [SYS/TEMP].
    void enableOAuth(const OAuth &settings) { m_oauth = settings; }
    bool oauthEnabled() const { return !m_oauth.introspectionUrl.isEmpty(); }
    // After start() with enableMtaSupport(); empty otherwise.
    QString authSocket() const;
    QString lmtpSocket() const;
    QString popLoginsFile() const;
    // Terminates Dovecot and waits for it; the temporary directory goes with the fixture.
    void stop();
    bool isRunning() const;

    QString host() const { return QStringLiteral("127.0.0.1"); }
    // The name in the server certificate (it also has IP:127.0.0.1, but not every client checks IP SANs).
    QString tlsHostName() const { return QStringLiteral("localhost"); }
    quint16 pop3Port() const { return m_pop3Port; }
    quint16 pop3sPort() const { return m_pop3sPort; }
    QString caFile() const;
    // Where a test may put its own files; removed with the fixture.
    QString workDir() const;
    // The CA that signed the server certificate, for tests that need more certificates from the same CA; null
    // before start().
    TestPki *pki() const { return m_pki.get(); }

    // A client endpoint for the user with messages: POP3 port for Plain/Stls/Apop, POP3S port for Pop3s.
    PopClients::Endpoint endpoint(PopClients::Mode mode) const;

    static QString user() { return QStringLiteral("alice"); }
    static QString password() { return QStringLiteral("secret"); }
    // A second user whose mailbox is always empty (unless a test sends it mail through PostfixFixture).
    static QString emptyUser() { return QStringLiteral("bob"); }
    static QString emptyUserPassword() { return QStringLiteral("hunter2"); }
    // Every account: user(), emptyUser() and those from addUser().
    QStringList userNames() const;

    // alice's messages as a client has them after RETR (CRLF, dot-stuffing undone); index 0 is message 1.
    const QList<QByteArray> &messages() const { return m_mailbox.messages(); }
    int messageCount() const { return TestMailbox::messageCount(); }
    // Restores alice's maildir to its initial state (and numbering) after a test that deleted messages. Call it
    // while no session is open.
    bool resetMailbox(QString *error);
    // alice's message files ("cur/<name>"): unchanged after a DELE that was not committed by QUIT.
    QStringList currentMessageFiles() const;

    QString configFile() const;
    // A user's maildir (cur/, new/, tmp/), owned by the mail user.
    QString userMaildir(const QString &userName) const { return m_dir ? maildir(userName) : QString(); }

    QString logFile() const;
    QByteArray log() const;
    // Dovecot logs a session's end ("... del=<deleted>/<messages>, ...") asynchronously after the client is gone:
    // wait until needle appears at or after byte fromOffset (take log().size() before the session to skip
    // earlier sessions' lines).
    bool waitForLog(const QByteArray &needle, qsizetype fromOffset = 0, int timeoutMs = 5000) const;
    // Waits until every session that logged in has logged its end, i.e. Dovecot has finished with the maildir.
    bool waitForSessionsToEnd(int timeoutMs = 5000) const;

private:
    bool prepareFiles(QString *error);
    bool prepareMtaFiles(QString *error);
    bool writeOAuthFile(QString *error) const;
    bool writeConfig(QString *error) const;
    // One attempt with freshly picked ports; *portClash says whether another process grabbed a port meanwhile.
    bool launch(bool *portClash, QString *error);
    bool waitUntilReady(QString *error);
    QString failureReport(const QString &what) const;
    QString maildir(const QString &userName) const;

    struct ExtraUser
    {
        QString name;
        QString password;
        QList<QByteArray> storedMessages;
    };

    std::unique_ptr<QTemporaryDir> m_dir;
    TestMailbox m_mailbox;
    std::unique_ptr<TestPki> m_pki;
    std::unique_ptr<QProcess> m_process;
    quint16 m_pop3Port = 0;
    quint16 m_pop3sPort = 0;
    int m_mailUid = -1;
    int m_mailGid = -1;
    QList<ExtraUser> m_extraUsers;
    QString m_extraConfig;
    bool m_mtaSupport = false;
    OAuth m_oauth;
};
