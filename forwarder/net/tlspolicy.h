#pragma once

// TlsPolicy: what makes a server's certificate acceptable on one connection. The same for every protocol; the
// config file's upstream objects carry one each.

#include <QByteArray>
#include <QString>

namespace mailshim {

struct TlsPolicy
{
    QString caFile;       // extra CA certificates (PEM), added to the system store
    QByteArray pinSha256; // lowercase hex SHA-256 of the server's public key (SPKI); empty: no pin
    bool verifyHostname = true;
};

bool operator==(const TlsPolicy &a, const TlsPolicy &b);
inline bool operator!=(const TlsPolicy &a, const TlsPolicy &b)
{
    return !(a == b);
}

} // namespace mailshim
