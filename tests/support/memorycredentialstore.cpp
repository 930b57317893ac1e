#include "memorycredentialstore.h"

using namespace mailshim;

// Answers come from the event loop, as a real keychain's do.
void MemoryCredentialStore::lookup(const CredentialKey &key, QObject *context,
                                   std::function<void(const PasswordAnswer &)> done)
{
    asked.append(key);
    PasswordAnswer answer;
    if (!refuseWith.isEmpty())
        answer = {PasswordAnswer::Status::Unavailable, {}, refuseWith};
    else if (entries.contains(key.toString()))
        answer = {PasswordAnswer::Status::Found, entries.value(key.toString()), {}};
    QTimer::singleShot(lookupDelayMs, context, [done, answer] { done(answer); });
}

void MemoryCredentialStore::store(const CredentialKey &key, const QByteArray &password, QObject *context,
                                  DoneCallback done)
{
    const bool ok = refuseWith.isEmpty();
    QTimer::singleShot(delayMs, context, [this, key, password, done, ok, why = refuseWith] {
        if (ok)
            entries.insert(key.toString(), password);
        done(ok, why);
    });
}

void MemoryCredentialStore::remove(const CredentialKey &key, QObject *context, DoneCallback done)
{
    entries.remove(key.toString());
    QTimer::singleShot(0, context, [done] { done(true, {}); });
}
