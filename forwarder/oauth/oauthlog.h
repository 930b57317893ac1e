#pragma once

// The oauth library's one logging category. Records name an account and an OAuth error code and description at
// most: never a token, a code or a verifier.

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcOAuth)
