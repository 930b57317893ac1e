#pragma once

// TestFiles: writing a fixture's config and data files with an error message that names the file, one place
// for the fixtures (Dovecot, the test PKI) and the benchmark's peers.

#include <QByteArray>
#include <QString>

namespace TestFiles {

// Creates or truncates fileName and writes content; false with "cannot write <file>: <reason>" otherwise.
bool write(const QString &fileName, const QByteArray &content, QString *error);

} // namespace TestFiles
