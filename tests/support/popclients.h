#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

// Runs real POP3 clients (curl, Python's poplib, fetchmail) as child processes and returns what they retrieved in
// one form: each message as a client has it after RETR with the dot-stuffing undone and CRLF line ends, the same
// form as DovecotFixture::messages(), so tests compare byte for byte. Every call has a deadline.
class PopClients
{
public:
    enum class Mode {
        Plain, // USER/PASS over plain TCP
        Pop3s, // USER/PASS inside implicit TLS
        Stls,  // STLS first, then USER/PASS; fails if the server does not offer STLS
        Apop   // APOP over plain TCP
    };

    struct Endpoint
    {
        QString host;
        quint16 port = 0;
        QString user;
        QString password;
        Mode mode = Mode::Plain;
        QString caFile;      // the only CA trusted for Pop3s/Stls; empty: the system store
        QString tlsHostName; // the name the certificate must carry; empty: host
    };

    struct Result
    {
        QString commandLine;
        bool ok = false; // the client reported success
        int exitCode = -1;
        QByteArray output;          // curl: the response body; popclient.py: its stdout
        QList<QByteArray> messages; // the retrieve-all calls: message 1 first
        QByteArray stderrText;
        // For QVERIFY2: the command line, how it ended and the tail of stderr.
        QString describe() const;
    };

    // curl: RETR <messageNumber>. curl undoes the dot-stuffing itself and keeps CRLF, so the body is as is.
    static Result curlRetr(const Endpoint &endpoint, int messageNumber);
    // curl: LIST; output is the multi-line listing ("1 123\r\n2 456\r\n...").
    static Result curlList(const Endpoint &endpoint);
    // curl: any command, e.g. ("DELE", "1") or ("UIDL", {}, true). curl always ends with QUIT, so a DELE is
    // committed. multiLine: the response has a body (otherwise curl is told not to wait for one).
    static Result curlCommand(const Endpoint &endpoint, const QString &command, const QString &argument = QString(),
                              bool multiLine = false);

    // popclient.py (Python poplib): every message into workDir/poplib-N/<i>.eml, returned in order.
    static Result poplibRetrAll(const Endpoint &endpoint, const QString &workDir);
    // popclient.py with any action: {"stat"}, {"list"}, {"uidl"}, {"capa"}, {"banner"}, {"dele", "1"} (DELE then
    // QUIT) or {"dele", "1", "--no-quit"} (DELE, then drop the connection). See popclient.py for exit codes.
    static Result poplib(const Endpoint &endpoint, const QStringList &action);
    static QString poplibScript();

    // fetchmail with --keep and fetchall: every message, delivered through an MDA into workDir/fetchmail-N/.
    static Result fetchmailRetrAll(const Endpoint &endpoint, const QString &workDir);

    static void setTimeoutMs(int timeoutMs);

private:
    static QString freshDirectory(const QString &workDir, const QString &prefix);
    static QList<QByteArray> readNumberedFiles(const QString &dir, QString *problem);
};
