#include "cacertificatecache.h"

#include <QDateTime>
#include <QFileInfo>
#include <QHash>
#include <QMutex>
#include <QMutexLocker>

namespace mailshim::CaCertificateCache {

namespace {

struct Entry
{
    QDateTime modified;
    qint64 size = -1;
    QList<QSslCertificate> certificates;
};

// A handful of files in practice (one per configured server, plus what the wizard's probe tries).
constexpr qsizetype kMaxEntries = 32;

} // namespace

QList<QSslCertificate> certificates(const QString &path)
{
    static QMutex mutex;
    static QHash<QString, Entry> entries;

    const QFileInfo info(path);
    const QDateTime modified = info.lastModified();
    const qint64 size = info.exists() ? info.size() : -1;

    QMutexLocker lock(&mutex);
    const auto found = entries.constFind(path);
    if (found != entries.constEnd() && found->size == size && found->modified == modified)
        return found->certificates;
    if (size < 0) {
        entries.remove(path);
        return {};
    }
    if (found == entries.constEnd() && entries.size() >= kMaxEntries)
        entries.clear();
    Entry entry{modified, size, QSslCertificate::fromPath(path, QSsl::Pem)};
    entries.insert(path, entry);
    return entry.certificates;
}

} // namespace mailshim::CaCertificateCache
