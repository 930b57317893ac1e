#include "service/rotatinglogfile.h"

#include <QDir>

namespace mailshim {

RotatingLogFile::RotatingLogFile(QString directory, qint64 maxBytes, int generations)
    : m_directory(std::move(directory)), m_maxBytes(qMax<qint64>(maxBytes, 1024)), m_generations(qMax(generations, 1))
{
}

QString RotatingLogFile::currentPath() const
{
    return m_directory + QStringLiteral("/mailshim.log");
}

QString RotatingLogFile::generationPath(int generation) const
{
    return currentPath() + QLatin1Char('.') + QString::number(generation);
}

bool RotatingLogFile::open(QString *error)
{
    if (!QDir().mkpath(m_directory)) {
        *error = QStringLiteral("cannot create the log folder %1").arg(QDir::toNativeSeparators(m_directory));
        return false;
    }
    m_file.setFileName(currentPath());
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Text)) {
        *error =
            QStringLiteral("cannot open %1: %2").arg(QDir::toNativeSeparators(currentPath()), m_file.errorString());
        return false;
    }
    return true;
}

void RotatingLogFile::write(const QString &line)
{
    if (!m_file.isOpen())
        return;
    const QByteArray bytes = line.toUtf8() + '\n';
    if (m_file.size() > 0 && m_file.size() + bytes.size() > m_maxBytes)
        rotate();
    if (m_file.write(bytes) != bytes.size()) {
        m_lastError = m_file.errorString();
        return;
    }
    m_file.flush(); // a crash or a power cut loses at most the line being written
}

void RotatingLogFile::rotate()
{
    m_file.close();
    QFile::remove(generationPath(m_generations));
    for (int generation = m_generations - 1; generation >= 1; --generation) {
        if (QFile::exists(generationPath(generation)))
            QFile::rename(generationPath(generation), generationPath(generation + 1));
    }
    QFile::rename(currentPath(), generationPath(1));
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Text))
        m_lastError = m_file.errorString();
}

} // namespace mailshim
