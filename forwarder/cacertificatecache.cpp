#include "cacertificatecache.h"

#include <QFile>
#include <QHash>
#include <QMutex>
#include <QMutexLocker>

namespace mailshim::CaCertificateCache {

namespace {

struct Entry
{
    QSslConfiguration base;
    QByteArray contents; // the file as it was when configuration was built
    QSslConfiguration configuration;
};

// A handful of files in practice (one per configured server, plus what the wizard's probe tries).
constexpr qsizetype kMaxEntries = 32;

} // namespace

QSslConfiguration withCaFile(const QSslConfiguration &base, const QString &path)
{
    static QMutex mutex;
    static QHash<QString, Entry> entries;

    QFile file(path);
    QByteArray contents;
    const bool read = file.open(QIODevice::ReadOnly) && ((contents = file.readAll()), file.error() == QFile::NoError);
    QMutexLocker lock(&mutex);
    if (!read) {
        entries.remove(path);
        return base;
    }
    const auto found = entries.constFind(path);
    if (found != entries.constEnd() && found->contents == contents && found->base == base)
        return found->configuration;
    if (found == entries.constEnd() && entries.size() >= kMaxEntries)
        entries.clear();
    // Qt reads the file again here. Should it have changed in between, the next call sees different bytes from the
    // ones kept and builds again.
    QSslConfiguration configuration = base;
    configuration.addCaCertificates(path, QSsl::Pem);
    entries.insert(path, Entry{base, contents, configuration});
    return configuration;
}

} // namespace mailshim::CaCertificateCache
