#pragma once

// ListenerReferences: the places where one listener names another (today only an SMTP listener's popBeforeSmtp,
// which names the POP3 listener whose login opens the sending window), so that renaming or removing a listener
// keeps the config whole instead of leaving a name that points nowhere.

#include "core/config.h"

#include <QStringList>

namespace mailshim {

// The names of the listeners that refer to the listener called name.
QStringList listenersReferringTo(const Config &config, const QString &name);

// Makes every reference to the listener called from name to instead; used when a listener is renamed.
void renameListenerReferences(Config *config, const QString &from, const QString &to);

} // namespace mailshim
