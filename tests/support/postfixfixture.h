#pragma once

#include "dovecotfixture.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QTemporaryDir>
#include <QtGlobal>
#include <memory>

class QProcess;

// Runs a private Postfix (Debian's `postfix` package) on free loopback ports in a temporary directory, in front of
// its own DovecotFixture, so SMTP tests talk to a real server:
// - SMTPS (implicit TLS) and submission (STARTTLS required before AUTH), both with SASL through Dovecot's auth
//   socket (Dovecot's test users and passwords), and the certificate of Dovecot's TestPki (verify with caFile());
// - mail for domain() is delivered by LMTP into Dovecot's maildirs: a message to bob@<domain> is read back by POP3;
// - relaying is refused to anyone not authenticated: `mynetworks` is empty, loopback is not trusted;
// - a third port, POP-before-SMTP, has no AUTH (STARTTLS optional) and relays only for a client address that made
//   a POP3 login to the Dovecot at least popBeforeSmtpDelay and at most popBeforeSmtpWindow seconds ago. Any login
//   from 127.0.0.1 opens the window for every client at 127.0.0.1: tests connect from their own 127.x.y.z.
// Mail to any other domain that Postfix accepts is never sent anywhere: it lands in a sink (relayedMessages()).
// Each instance is independent (own ports, directories and sockets). Needs root, like DovecotFixture.
class PostfixFixture
{
public:
    struct RelayedMessage
    {
        QString recipient;  // the envelope recipient
        QByteArray content; // as Postfix handed it on (its Received header first), CRLF line ends
    };

    PostfixFixture();
    ~PostfixFixture();
    Q_DISABLE_COPY_MOVE(PostfixFixture)

    // The Dovecot behind this Postfix. Before start() it may be configured (addUser, setExtraConfig); start() starts
    // it with what Postfix needs (auth socket, LMTP, the POP3 post-login record) and a test uses it for POP3.
    DovecotFixture &dovecot() { return m_dovecot; }
    const DovecotFixture &dovecot() const { return m_dovecot; }

    // Before start(): the POP-before-SMTP rule (defaults: a 900 s window, a 2 s delay).
    void setPopBeforeSmtp(int windowSeconds, int delaySeconds);
    int popBeforeSmtpWindow() const { return m_windowSeconds; }
    int popBeforeSmtpDelay() const { return m_delaySeconds; }

    // Starts Dovecot (unless it runs already with Postfix support), the policy daemon and Postfix's master, and waits
    // until all three SMTP ports greet. On failure *error says why, with the tail of the mail log.
    bool start(QString *error);
    // Stops Postfix, the policy daemon and Dovecot; the temporary directories go with the fixture.
    void stop();
    bool isRunning() const;

    QString host() const { return QStringLiteral("127.0.0.1"); }
    QString tlsHostName() const { return m_dovecot.tlsHostName(); }
    quint16 smtpsPort() const { return m_smtpsPort; }
    quint16 submissionPort() const { return m_submissionPort; }
    quint16 popBeforeSmtpPort() const { return m_popBeforeSmtpPort; }
    // The CA of the certificate on every TLS port (Postfix and Dovecot share it).
    QString caFile() const { return m_dovecot.caFile(); }
    // The domain delivered into Dovecot: <user>@domain() for each Dovecot user.
    static QString domain() { return QStringLiteral("example.org"); }
    static QString address(const QString &user) { return user + QLatin1Char('@') + domain(); }
    // Dovecot's accounts, which are also the SMTP AUTH accounts (user names without the domain).
    static QString user() { return DovecotFixture::user(); }
    static QString password() { return DovecotFixture::password(); }
    static QString secondUser() { return DovecotFixture::emptyUser(); }
    static QString secondUserPassword() { return DovecotFixture::emptyUserPassword(); }
    // message_size_limit (bytes), at least 64 MB.
    static qint64 messageSizeLimit() { return qint64(100) * 1024 * 1024; }

    // Messages in user's maildir (new and cur), i.e. delivered and not yet expunged.
    int deliveredCount(const QString &user) const;
    // Waits until user's maildir holds at least count messages.
    bool waitForDelivery(const QString &user, int count, int timeoutMs = 10000) const;
    // Empties user's maildir and tells Dovecot (doveadm force-resync), for a test that wants to count from zero.
    // Call it while no POP3 session of that user is open.
    bool clearMailbox(const QString &user, QString *error);

    // Mail Postfix accepted for other domains, oldest first.
    QList<RelayedMessage> relayedMessages() const;
    bool waitForRelayed(int count, int timeoutMs = 10000) const;

    // Postfix's log (maillog_file), and the policy daemon's decisions, for failure messages.
    QString maillogFile() const;
    QByteArray maillog() const;
    QString policyLogFile() const;
    QByteArray policyLog() const;
    // Waits until needle appears in the mail log at or after byte fromOffset.
    bool waitForMaillog(const QByteArray &needle, qsizetype fromOffset = 0, int timeoutMs = 10000) const;
    // For QVERIFY2: the tails of Postfix's log, the policy log and Dovecot's log.
    QString diagnostics() const;

private:
    bool prepareFiles(QString *error);
    bool writeConfig(QString *error) const;
    bool startPolicyDaemon(QString *error);
    bool launch(bool *portClash, QString *error);
    bool waitUntilReady(QString *error);
    QString failureReport(const QString &what) const;
    QString path(const QString &name) const;
    QString maildirOf(const QString &user) const;

    DovecotFixture m_dovecot;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QProcess> m_master;
    std::unique_ptr<QProcess> m_policy;
    quint16 m_smtpsPort = 0;
    quint16 m_submissionPort = 0;
    quint16 m_popBeforeSmtpPort = 0;
    int m_windowSeconds = 900;
    int m_delaySeconds = 2;
};
