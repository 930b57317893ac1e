#pragma once

// ProtectedFolder (Windows only): a folder that carries its own DACL, protected from what its parent would pass
// down: created with the descriptor, or given it when it exists already. The service's folder in ProgramData and
// the folder of its stored passwords are made this way, so a folder someone made first (with permissions of their
// choosing) is not used as it was.

#include <QString>

namespace mailshim::ProtectedFolder {

// path: the folder (the folders above it are created with what they inherit); sddl: its DACL, "D:P(...)". False with
// *error (in words) when the folder cannot be created or given the DACL.
bool ensure(const QString &path, const QString &sddl, QString *error);
// The DACL of a file or folder as Windows reads it back (GetNamedSecurityInfo), as SDDL; empty with *error.
QString readDacl(const QString &path, QString *error);

} // namespace mailshim::ProtectedFolder
