#pragma once

// BenchPeers: the forwarders under test, each a child process on its own loopback ports: mailshim-service (one
// listener per mode), stunnel (client mode: implicit TLS, and STLS with `protocol = pop3`), stone (`/ssl`, and
// `/apop` when the installed build has it) and the raw hop (rawhop.h), the floor any forwarder stands on. Certificates
// are verified by all three against the fixture's CA.

#include <QHash>
#include <QProcess>
#include <QString>
#include <memory>

class DovecotFixture;

class BenchPeers
{
public:
    BenchPeers(const DovecotFixture &dovecot, QString serviceBinary, QString workDir);
    ~BenchPeers();
    Q_DISABLE_COPY_MOVE(BenchPeers)

    // mailshim-service with listeners "tls", "stls", "apop", "apop+tls" and "plain" (5 in all).
    bool startMailShim(QString *error);
    // Another mailshim-service with the same five listeners on fresh ports, for the idle measurement.
    bool startIdleMailShim(QString *error);
    bool startStunnel(QString *error);
    // stone's /apop is not in every build: stonePort("apop") is then a plain relay and *note says so.
    bool startStone(QString *error, QString *note);
    // Two RawHop relays (rawhop.h), this program run again as a child: "plain" to Dovecot's POP3 port, "tls" to its
    // POP3S port. The client does all of the protocol, TLS included, through them.
    bool startRawHops(QString *error);
    void stop();

    // 0 when the peer has no such mode.
    quint16 mailShimPort(const QString &mode) const { return m_mailShimPorts.value(mode); }
    quint16 stunnelPort(const QString &mode) const { return m_stunnelPorts.value(mode); }
    quint16 stonePort(const QString &mode) const { return m_stonePorts.value(mode); }
    quint16 rawHopPort(const QString &upstream) const { return m_rawHopPorts.value(upstream); }
    // True when stonePort("apop") is a plain relay and the client must do APOP itself (no /apop in this build).
    bool stoneApopByClient() const { return m_stoneApopByClient; }
    qint64 mailShimPid() const;
    qint64 idleMailShimPid() const;

    static quint16 freePort();
    // Starts program as a child that dies with this process, its output to logPath, and waits until it accepts on
    // every port (30 s: the service may run under valgrind). Shared with the SMTP part (smtpbench.h).
    static bool startChild(QProcess *process, const QString &program, const QStringList &arguments,
                           const QString &logPath, const QList<quint16> &ports, QString *error);
    static QString findProgram(const QString &name);

private:
    bool startService(QProcess *process, QHash<QString, quint16> *ports, const QString &configName, QString *error);
    bool startProcess(QProcess *process, const QString &program, const QStringList &arguments, const QString &log,
                      const QList<quint16> &ports, QString *error);

    const DovecotFixture &m_dovecot;
    QString m_serviceBinary;
    QString m_workDir;
    std::unique_ptr<QProcess> m_mailShim;
    std::unique_ptr<QProcess> m_idleMailShim;
    std::unique_ptr<QProcess> m_stunnel;
    std::unique_ptr<QProcess> m_stone;
    std::unique_ptr<QProcess> m_stoneApop;
    std::unique_ptr<QProcess> m_rawHopPlain;
    std::unique_ptr<QProcess> m_rawHopTls;
    QHash<QString, quint16> m_mailShimPorts;
    QHash<QString, quint16> m_idlePorts;
    QHash<QString, quint16> m_stunnelPorts;
    QHash<QString, quint16> m_stonePorts;
    QHash<QString, quint16> m_rawHopPorts;
    bool m_stoneApopByClient = false;
};
