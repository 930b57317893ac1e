#include "credentials/keychaincredentialstore.h"

#include <QLoggingCategory>
#include <QMetaObject>
#include <qt6keychain/keychain.h>

namespace mailshim {

namespace {

Q_LOGGING_CATEGORY(lcKeychain, "mailshim.keychain")

// Plain words for the log and the settings window. QtKeychain's own text is kept in parentheses for the
// technical reader; it comes from the keychain service and never contains the password.
QString unavailableDetail(QKeychain::Error error, const QString &errorString)
{
    const QString technical = errorString.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(errorString);
    switch (error) {
    case QKeychain::NoBackendAvailable:
        return QStringLiteral("no keychain service is running (Secret Service / Windows Credential Manager)") +
               technical;
    case QKeychain::AccessDeniedByUser:
        return QStringLiteral("access to the keychain was refused") + technical;
    case QKeychain::AccessDenied:
        return QStringLiteral("the keychain is locked or refused access") + technical;
    case QKeychain::NotImplemented:
        return QStringLiteral("this system has no keychain MailShim can use") + technical;
    case QKeychain::CouldNotDeleteEntry:
        return QStringLiteral("the keychain could not delete the entry") + technical;
    case QKeychain::NoError:
    case QKeychain::EntryNotFound:
    case QKeychain::OtherError:
        break;
    }
    // On Linux this is also what "no session bus / no Secret Service" looks like (a D-Bus error).
    return QStringLiteral("the keychain could not be reached; is a keychain service (Secret Service / Windows "
                          "Credential Manager) running?") +
           technical;
}

template <typename JobType> JobType *newJob(const CredentialKey &key)
{
    auto *job = new JobType(KeychainCredentialStore::serviceName());
    job->setKey(key.toString());
    // QtKeychain can keep passwords in a plain-text QSettings file when no keychain answers: never here.
    job->setInsecureFallback(false);
    job->setAutoDelete(true); // deleted after finished(); never earlier, its backend callback may be pending
    return job;
}

// Runs handler when job finishes, unless context died first. Without a context the job itself receives it.
template <typename Handler> void whenFinished(QKeychain::Job *job, QObject *context, Handler handler)
{
    QObject::connect(job, &QKeychain::Job::finished, context ? context : job, std::move(handler),
                     Qt::SingleShotConnection);
    job->start();
}

// A refusal that needs no keychain still answers later, like every other answer.
void refuseLater(QObject *context, CredentialStore::DoneCallback done, const QString &error)
{
    if (!context) {
        done(false, error);
        return;
    }
    QMetaObject::invokeMethod(
        context, [done = std::move(done), error] { done(false, error); }, Qt::QueuedConnection);
}

} // namespace

QString KeychainCredentialStore::serviceName()
{
    return QStringLiteral("MailShim");
}

void KeychainCredentialStore::lookup(const CredentialKey &key, QObject *context,
                                     std::function<void(const PasswordAnswer &)> done)
{
    auto *job = newJob<QKeychain::ReadPasswordJob>(key);
    const QString name = key.toString();
    whenFinished(job, context, [job, name, done = std::move(done)] {
        PasswordAnswer answer;
        switch (job->error()) {
        case QKeychain::NoError:
            answer.status = PasswordAnswer::Status::Found;
            answer.password = job->binaryData();
            break;
        case QKeychain::EntryNotFound:
            answer.status = PasswordAnswer::Status::NotFound;
            break;
        default:
            answer.status = PasswordAnswer::Status::Unavailable;
            answer.detail = unavailableDetail(job->error(), job->errorString());
            qCInfo(lcKeychain).noquote() << "lookup of" << name << "failed:" << answer.detail;
            break;
        }
        done(answer);
    });
}

void KeychainCredentialStore::store(const CredentialKey &key, const QByteArray &password, QObject *context,
                                    DoneCallback done)
{
    const QString text = QString::fromUtf8(password);
    if (password.isEmpty()) {
        refuseLater(context, std::move(done), QStringLiteral("an empty password is not stored"));
        return;
    }
    if (password.contains('\0') || text.toUtf8() != password) {
        refuseLater(context, std::move(done), QStringLiteral("the password is not valid UTF-8 text"));
        return;
    }
    auto *job = newJob<QKeychain::WritePasswordJob>(key);
    job->setTextData(text);
    const QString name = key.toString();
    whenFinished(job, context, [job, name, done = std::move(done)] {
        if (job->error() == QKeychain::NoError) {
            done(true, QString());
            return;
        }
        const QString detail = unavailableDetail(job->error(), job->errorString());
        qCInfo(lcKeychain).noquote() << "storing the password of" << name << "failed:" << detail;
        done(false, detail);
    });
}

void KeychainCredentialStore::remove(const CredentialKey &key, QObject *context, DoneCallback done)
{
    auto *job = newJob<QKeychain::DeletePasswordJob>(key);
    const QString name = key.toString();
    whenFinished(job, context, [job, name, done = std::move(done)] {
        // Forgetting what is not there is what the caller wanted.
        if (job->error() == QKeychain::NoError || job->error() == QKeychain::EntryNotFound) {
            done(true, QString());
            return;
        }
        const QString detail = unavailableDetail(job->error(), job->errorString());
        qCInfo(lcKeychain).noquote() << "removing the password of" << name << "failed:" << detail;
        done(false, detail);
    });
}

} // namespace mailshim
