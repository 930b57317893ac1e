#pragma once

// RotatingLogFile: the service's log on disk for unattended use. Appends one line per record to
// <dir>/mailshim.log; when the file would pass maxBytes it becomes mailshim.log.1 (older ones shift up to
// .<generations>, the oldest is deleted) and a new file starts. So the log never fills the disk, and the
// night a scanner's mail failed is still there in the morning. A write error is reported once, not thrown.

#include <QFile>
#include <QString>

namespace mailshim {

class RotatingLogFile
{
public:
    static constexpr qint64 kDefaultMaxBytes = 1024 * 1024;
    static constexpr int kDefaultGenerations = 5;

    RotatingLogFile(QString directory, qint64 maxBytes = kDefaultMaxBytes, int generations = kDefaultGenerations);

    // Creates the folder and opens the file for appending; false with *error if it cannot.
    bool open(QString *error);
    // Appends line and a newline, rotating first if the file would grow past maxBytes.
    void write(const QString &line);

    QString currentPath() const;
    // The last write error, empty if none.
    QString lastError() const { return m_lastError; }

private:
    void rotate();
    QString generationPath(int generation) const;

    QString m_directory;
    qint64 m_maxBytes;
    int m_generations;
    QFile m_file;
    QString m_lastError;
};

} // namespace mailshim
