#include "service/processsetup.h"

#include <QByteArray>
#include <QLoggingCategory>
#include <QtGlobal>

#ifdef Q_OS_UNIX
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace mailshim::ProcessSetup {

void prepare()
{
    // Debug and info records of MailShim's own categories (the probe's steps, say) are for developers; the user's log
    // is the engine's LogRecords. QT_LOGGING_RULES="mailshim.*.debug=true" turns them on again.
    if (qEnvironmentVariableIsEmpty("QT_LOGGING_RULES"))
        QLoggingCategory::setFilterRules(QStringLiteral("mailshim.*.debug=false\nmailshim.*.info=false"));
#ifdef Q_OS_UNIX
    // Without a login session (root, cron, ssh without PAM) XDG_RUNTIME_DIR is unset and Qt warns before it falls
    // back to /tmp/runtime-<user>. Take the same folder (private to this user, as Qt requires) without the warning.
    if (qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR")) {
        const passwd *user = getpwuid(geteuid());
        const QByteArray name = user ? QByteArray(user->pw_name) : QByteArray::number(geteuid());
        const QByteArray dir = "/tmp/runtime-" + name;
        struct stat info
        {
        };
        if (mkdir(dir.constData(), 0700) == 0 || (lstat(dir.constData(), &info) == 0 && S_ISDIR(info.st_mode) &&
                                                  info.st_uid == geteuid() && (info.st_mode & 0077) == 0))
            qputenv("XDG_RUNTIME_DIR", dir);
        // Anything else (someone else's folder, a link): leave it to Qt, which refuses it and says so.
    }
#endif
}

} // namespace mailshim::ProcessSetup
