#pragma once

// WireText: checks and clean-ups for text that came off the wire from either side (a client's user name, a
// server's reply), shared by every protocol and by config validation.

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace mailshim::WireText {

// True when the bytes hold a NUL, CR or LF: such user names or passwords could smuggle commands.
bool hasForbiddenControlBytes(QByteArrayView bytes);

// True for a line that looks like the first line of an HTTP request (a web page probing localhost).
bool looksLikeHttpRequest(const QByteArray &line);

// Replaces control bytes (escape sequences included) and truncates, so text from a server or client
// is safe to put in a log line or a tray notification.
QString sanitizeForDisplay(QByteArrayView text, qsizetype maxChars = 200);

} // namespace mailshim::WireText
