#include "net/saslbearer.h"

#include "net/wiretext.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace mailshim::SaslBearer {

QByteArray name(Mechanism mechanism)
{
    return mechanism == Mechanism::OAuthBearer ? QByteArrayLiteral("OAUTHBEARER") : QByteArrayLiteral("XOAUTH2");
}

Mechanism choose(const QSet<QByteArray> &offered)
{
    return offered.contains("OAUTHBEARER") ? Mechanism::OAuthBearer : Mechanism::XOAuth2;
}

QByteArray initialResponse(Mechanism mechanism, const QByteArray &user, const QByteArray &token, const QString &host,
                           quint16 port)
{
    if (mechanism == Mechanism::XOAuth2)
        return "user=" + user + "\x01" + "auth=Bearer " + token + "\x01\x01";
    // RFC 5801 saslname: "," and "=" in the authorization identity are escaped.
    QByteArray authzid = user;
    authzid.replace("=", "=3D").replace(",", "=2C");
    return "n,a=" + authzid + ",\x01" + "host=" + host.toUtf8() + "\x01" + "port=" + QByteArray::number(port) + "\x01" +
           "auth=Bearer " + token + "\x01\x01";
}

QByteArray abortResponse(Mechanism mechanism)
{
    return mechanism == Mechanism::OAuthBearer ? QByteArray("\x01").toBase64() : QByteArray();
}

QString challengeStatus(QByteArrayView base64)
{
    const auto decoded = QByteArray::fromBase64Encoding(base64.toByteArray(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return {};
    const QJsonObject o = QJsonDocument::fromJson(*decoded).object();
    const QString status = o.value(QStringLiteral("status")).toVariant().toString();
    return WireText::sanitizeForDisplay(status.toUtf8(), 60);
}

} // namespace mailshim::SaslBearer
