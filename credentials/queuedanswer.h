#pragma once

// queuedAnswer: how a CredentialStore whose work is done at once still answers the way the keychain store does:
// later, on context's thread, and not at all if context dies first (without a context, at once). One definition for
// the Windows stores, which both work synchronously.

#include <QMetaObject>
#include <QObject>

namespace mailshim {

template <typename Callback, typename... Args> void queuedAnswer(QObject *context, Callback done, Args... args)
{
    if (!context) {
        done(args...);
        return;
    }
    QMetaObject::invokeMethod(
        context, [done = std::move(done), args...] { done(args...); }, Qt::QueuedConnection);
}

} // namespace mailshim
