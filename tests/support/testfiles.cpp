#include "testfiles.h"

#include <QFile>

namespace TestFiles {

bool write(const QString &fileName, const QByteArray &content, QString *error)
{
    QFile file(fileName);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(content) != content.size()) {
        *error = QStringLiteral("cannot write %1: %2").arg(fileName, file.errorString());
        return false;
    }
    return true;
}

} // namespace TestFiles
