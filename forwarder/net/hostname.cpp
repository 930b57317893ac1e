#include "net/hostname.h"

#include <QUrl>

namespace mailshim::HostName {

namespace {
bool isLdhLabel(const QString &label)
{
    if (label.isEmpty() || label.size() > 63 || label.startsWith(QLatin1Char('-')) || label.endsWith(QLatin1Char('-')))
        return false;
    for (const QChar c : label) {
        const bool ok = (c >= QLatin1Char('a') && c <= QLatin1Char('z')) ||
                        (c >= QLatin1Char('0') && c <= QLatin1Char('9')) || c == QLatin1Char('-');
        if (!ok)
            return false;
    }
    return true;
}
} // namespace

std::optional<QString> normalize(QByteArrayView host, bool allowBareIpv6)
{
    if (host.isEmpty() || host.size() > 253 + 2)
        return std::nullopt;
    if (host.front() == '[' || (allowBareIpv6 && host.contains(':'))) {
        if (host.front() == '[' && host.back() != ']')
            return std::nullopt;
        const QByteArrayView inner = unbracketed(host);
        QHostAddress address;
        if (!address.setAddress(QString::fromLatin1(inner.data(), inner.size())))
            return std::nullopt;
        // Brackets are for IPv6 literals only (RFC 3986): "[1]" is not a way to write 0.0.0.1, and a name read back
        // without its brackets would mean something else.
        if (host.front() == '[' && address.protocol() != QAbstractSocket::IPv6Protocol)
            return std::nullopt;
        return address.toString();
    }
    const QString unicode = QString::fromUtf8(host.data(), host.size());
    if (unicode.toUtf8() != host) // invalid UTF-8 does not survive the round trip
        return std::nullopt;
    QHostAddress v4;
    if (v4.setAddress(unicode) && v4.protocol() == QAbstractSocket::IPv4Protocol)
        return v4.toString();
    const QString ace = QString::fromLatin1(QUrl::toAce(unicode)).toLower();
    if (ace.isEmpty() || ace.size() > 253)
        return std::nullopt;
    QString trimmed = ace;
    if (trimmed.endsWith(QLatin1Char('.')))
        trimmed.chop(1);
    const QStringList labels = trimmed.split(QLatin1Char('.'));
    for (const QString &label : labels) {
        if (!isLdhLabel(label))
            return std::nullopt;
    }
    return trimmed;
}

bool isLoopback(const QString &normalizedHost)
{
    if (normalizedHost == QLatin1String("localhost") || normalizedHost.endsWith(QLatin1String(".localhost")))
        return true;
    const QHostAddress address(normalizedHost);
    return !address.isNull() && address.isLoopback();
}

QString bracketed(const QString &host)
{
    if (host.contains(QLatin1Char(':')) && !host.startsWith(QLatin1Char('[')))
        return QLatin1Char('[') + host + QLatin1Char(']');
    return host;
}

QByteArrayView unbracketed(QByteArrayView host)
{
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
        return host.sliced(1, host.size() - 2);
    return host;
}

bool parseListenAddress(const QString &text, QHostAddress *address, quint16 *port)
{
    const qsizetype colon = text.lastIndexOf(QLatin1Char(':'));
    if (colon <= 0)
        return false;
    QString host = text.left(colon);
    bool ok = false;
    const uint portValue = text.mid(colon + 1).toUInt(&ok, 10);
    if (!ok || portValue < 1 || portValue > 65535)
        return false;
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2); // a QString: unbracketed() is for the bytes of a user name
    else if (host.contains(QLatin1Char(':')))
        return false; // IPv6 needs brackets here, or the port would be ambiguous
    QHostAddress parsed;
    if (host == QLatin1String("localhost"))
        parsed = QHostAddress(QHostAddress::LocalHost);
    else if (!parsed.setAddress(host))
        return false;
    *address = parsed;
    *port = quint16(portValue);
    return true;
}

} // namespace mailshim::HostName
