#include "oauth/oauthlog.h"

Q_LOGGING_CATEGORY(lcOAuth, "mailshim.oauth")
