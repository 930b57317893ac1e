#pragma once

// OAuthDiscovery: a custom provider's endpoints from <issuer>/.well-known/openid-configuration (OpenID Connect
// Discovery 1.0). The document must name the same issuer it was fetched from (else anyone able to serve that path
// could send the sign-in elsewhere), and its endpoints must be https (http only on a loopback address).

#include <QByteArray>
#include <QObject>
#include <QString>
#include <QUrl>
#include <functional>

class QNetworkAccessManager;

namespace mailshim {

struct DiscoveryResult
{
    enum class Status {
        Ok,
        Invalid,   // the document is wrong (issuer mismatch, http endpoint, not JSON): fix the settings or the server
        Temporary, // the issuer could not be reached or answered 5xx: try again later
    };
    Status status = Status::Temporary;
    QUrl authorizationUrl;
    QUrl tokenUrl;
    QString error; // why, in plain words, when not Ok
};

class OAuthDiscovery : public QObject
{
    Q_OBJECT
public:
    explicit OAuthDiscovery(QNetworkAccessManager *manager = nullptr, QObject *parent = nullptr);

    void setTimeoutMs(int ms) { m_timeoutMs = ms; }

    // done is called exactly once, unless context dies first.
    void discover(const QUrl &issuer, QObject *context, std::function<void(const DiscoveryResult &)> done);

    static QUrl documentUrl(const QUrl &issuer);
    // The checks on a fetched document, public for tests.
    static DiscoveryResult parse(const QUrl &issuer, const QByteArray &document);

private:
    QNetworkAccessManager *m_manager = nullptr;
    int m_timeoutMs = 30000;
};

} // namespace mailshim
