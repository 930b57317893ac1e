#include "oauth/oauthhttp.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QTimer>
#include <memory>

namespace mailshim::OAuthHttp {

void send(QNetworkAccessManager *manager, const QUrl &url, const QByteArray &form, int timeoutMs, QObject *context,
          std::function<void(const OAuthHttpReply &)> done)
{
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    request.setRawHeader("Accept", "application/json");
    request.setHeader(QNetworkRequest::UserAgentHeader, QStringLiteral("MailShim"));
    QNetworkReply *reply = nullptr;
    if (form.isEmpty()) {
        reply = manager->get(request);
    } else {
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/x-www-form-urlencoded"));
        reply = manager->post(request, form);
    }

    auto *timer = new QTimer(reply);
    timer->setSingleShot(true);
    auto timedOut = std::make_shared<bool>(false);
    QObject::connect(timer, &QTimer::timeout, reply, [reply, timedOut] {
        *timedOut = true;
        reply->abort();
    });
    timer->start(timeoutMs);

    QPointer<QObject> guard(context);
    QObject::connect(reply, &QNetworkReply::finished, reply, [reply, guard, timedOut, done = std::move(done)] {
        reply->deleteLater();
        if (!guard)
            return;
        OAuthHttpReply answer;
        answer.httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        answer.body = reply->readAll();
        answer.timedOut = *timedOut;
        if (answer.timedOut) {
            answer.httpStatus = 0;
            answer.networkError = QStringLiteral("no answer in time");
        } else if (answer.httpStatus == 0) {
            answer.networkError = reply->errorString();
            if (answer.networkError.isEmpty())
                answer.networkError = QStringLiteral("no HTTP answer");
        }
        done(answer);
    });
}

} // namespace mailshim::OAuthHttp
