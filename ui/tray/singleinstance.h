#pragma once

// SingleInstance: one tray program per user. The first start listens on a per-user local socket; a second
// start finds it, asks it to bring its window forward, and exits.

#include <QLocalServer>
#include <QObject>

namespace mailshim {

class SingleInstance final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SingleInstance)

public:
    explicit SingleInstance(const QString &name = defaultName(), QObject *parent = nullptr);

    // True when this process is the first; false after telling the first one to show itself.
    bool claim();
    static QString defaultName();

Q_SIGNALS:
    void activationRequested();

private:
    QString m_name;
    QLocalServer m_server;
};

} // namespace mailshim
