#include "service/control/remotecredentialstore.h"

#include "service/control/controlclient.h"
#include "service/control/controlprotocol.h"

#include <QCoreApplication>

namespace mailshim {

namespace {

// Answers arrive queued, as the keychains' do: a caller's slot never runs inside its own call.
void answerLater(QObject *context, std::function<void()> answer)
{
    if (!context) {
        answer();
        return;
    }
    QMetaObject::invokeMethod(context, std::move(answer), Qt::QueuedConnection);
}

} // namespace

void RemoteCredentialStore::lookup(const CredentialKey &, QObject *context,
                                   std::function<void(const PasswordAnswer &)> done)
{
    PasswordAnswer answer;
    answer.status = PasswordAnswer::Status::Unavailable;
    answer.detail = QCoreApplication::translate("RemoteCredentialStore",
                                                "the background service keeps the stored passwords and never hands "
                                                "them out");
    answerLater(context, [done = std::move(done), answer] { done(answer); });
}

void RemoteCredentialStore::store(const CredentialKey &key, const QByteArray &password, QObject *context,
                                  DoneCallback done)
{
    // JSON carries text: bytes that are not UTF-8 would arrive as another password.
    if (password.isEmpty() || password.contains('\0') || QString::fromUtf8(password).toUtf8() != password) {
        answerLater(context, [done = std::move(done)] {
            done(false, QStringLiteral("the password must be non-empty UTF-8 text without NUL bytes"));
        });
        return;
    }
    send(QStringLiteral("setPassword"),
         {{QStringLiteral("key"), ControlProtocol::credentialKeyToJson(key)},
          {QStringLiteral("password"), QString::fromUtf8(password)}},
         context, std::move(done));
}

void RemoteCredentialStore::remove(const CredentialKey &key, QObject *context, DoneCallback done)
{
    send(QStringLiteral("forgetPassword"), {{QStringLiteral("key"), ControlProtocol::credentialKeyToJson(key)}},
         context, std::move(done));
}

void RemoteCredentialStore::send(const QString &command, QJsonObject arguments, QObject *context, DoneCallback done)
{
    // The service answers from its event loop after its store has (a keychain may take a moment).
    const QJsonObject reply = m_client->call(command, arguments, 15000);
    arguments = {};
    const bool ok = reply.value(QStringLiteral("ok")).toBool();
    const QString error = ok ? QString()
                             : QCoreApplication::translate("RemoteCredentialStore", "the background service: %1")
                                   .arg(reply.value(QStringLiteral("error")).toString());
    answerLater(context, [done = std::move(done), ok, error] { done(ok, error); });
}

} // namespace mailshim
