#pragma once

// OAuthHttp: the one way the oauth library talks HTTP (token endpoint, discovery): a request with a deadline, no
// redirects followed, and the answer reduced to status, body and a plain reason. It never logs the body.

#include <QByteArray>
#include <QObject>
#include <QString>
#include <QUrl>
#include <functional>

class QNetworkAccessManager;

namespace mailshim {

struct OAuthHttpReply
{
    int httpStatus = 0; // 0: no HTTP answer at all (see networkError)
    QByteArray body;    // the answer's body, also for 4xx and 5xx
    bool timedOut = false;
    QString networkError; // non-empty when no complete HTTP answer came: refused, TLS, reset, timeout
};

namespace OAuthHttp {

inline constexpr int defaultTimeoutMs = 30000;

// POSTs form (application/x-www-form-urlencoded, already encoded) or, with an empty form, GETs url. done is called
// once, unless context dies first.
void send(QNetworkAccessManager *manager, const QUrl &url, const QByteArray &form, int timeoutMs, QObject *context,
          std::function<void(const OAuthHttpReply &)> done);

} // namespace OAuthHttp
} // namespace mailshim
