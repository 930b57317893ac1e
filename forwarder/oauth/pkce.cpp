#include "oauth/pkce.h"

#include <QCryptographicHash>
#include <QRandomGenerator>

namespace mailshim::Pkce {

namespace {

QByteArray randomBase64Url(int bytes)
{
    QByteArray raw(bytes, Qt::Uninitialized);
    QRandomGenerator::system()->generate(raw.begin(), raw.end());
    return raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

} // namespace

QByteArray newVerifier()
{
    return randomBase64Url(32);
}

QByteArray challengeS256(const QByteArray &verifier)
{
    return QCryptographicHash::hash(verifier, QCryptographicHash::Sha256)
        .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QByteArray newState()
{
    return randomBase64Url(16);
}

} // namespace mailshim::Pkce
