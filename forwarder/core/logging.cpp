#include "core/logging.h"

Q_LOGGING_CATEGORY(lcPop3, "mailshim.pop3")
Q_LOGGING_CATEGORY(lcUpstream, "mailshim.upstream")
Q_LOGGING_CATEGORY(lcTls, "mailshim.tls")
Q_LOGGING_CATEGORY(lcListener, "mailshim.listener")
Q_LOGGING_CATEGORY(lcEngine, "mailshim.engine")
Q_LOGGING_CATEGORY(lcRouter, "mailshim.router")
Q_LOGGING_CATEGORY(lcProbe, "mailshim.probe")
Q_LOGGING_CATEGORY(lcSmtp, "mailshim.smtp")

namespace mailshim {

QString LogRecord::format() const
{
    QString where;
    if (!listener.isEmpty() || session) {
        where = QStringLiteral(" [") + listener;
        if (session)
            where += QStringLiteral(" #") + QString::number(session);
        where += QLatin1Char(']');
    }
    return time.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")) + QLatin1Char(' ') + logLevelName(level) +
           QLatin1Char(' ') + category + where + QLatin1Char(' ') + text;
}

} // namespace mailshim
