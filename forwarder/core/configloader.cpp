#include "core/configloader.h"

#include "net/hostname.h"
#include "net/wiretext.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QSet>
#include <QSslCertificate>
#include <QUrl>
#include <algorithm>

namespace mailshim {

namespace {

QString describe(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return QLatin1Char('"') + value.toString().left(80) + QLatin1Char('"');
    case QJsonValue::Double:
        return QString::number(value.toDouble());
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Array:
        return QStringLiteral("an array");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    default:
        return QStringLiteral("nothing");
    }
}

// Levenshtein distance: insertions, deletions and substitutions to turn a into b.
int editDistance(const QString &a, const QString &b)
{
    QList<int> row(b.size() + 1);
    for (qsizetype j = 0; j <= b.size(); ++j)
        row[j] = int(j);
    for (qsizetype i = 1; i <= a.size(); ++i) {
        int diagonal = row[0];
        row[0] = int(i);
        for (qsizetype j = 1; j <= b.size(); ++j) {
            const int above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a.at(i - 1) == b.at(j - 1) ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

// Reads one JSON object, remembering the field path for error messages and which keys were used,
// so unknown (misspelt) keys are reported instead of silently ignored.
class ObjectReader
{
public:
    ObjectReader(const QJsonObject &object, QString path, QList<ConfigIssue> *errors)
        : m_object(object), m_path(std::move(path)), m_errors(errors)
    {
    }
    ~ObjectReader()
    {
        // Every key this object may have was asked for by now, so the nearest of them is the likely intent.
        for (auto it = m_object.begin(); it != m_object.end(); ++it) {
            if (m_known.contains(it.key()))
                continue;
            const QString guess = nearestKey(it.key());
            error(it.key(),
                  guess.isEmpty()
                      ? Message(QT_TRANSLATE_NOOP("Engine", "unknown setting"), {})
                      : Message(QT_TRANSLATE_NOOP("Engine", "unknown setting; did you mean \"%1\"?"), {guess}));
        }
    }
    ObjectReader(const ObjectReader &) = delete;
    ObjectReader &operator=(const ObjectReader &) = delete;

    // The known key closest to a misspelt one: the same but for case, or at most two edits away; else empty.
    QString nearestKey(const QString &key) const
    {
        QString best;
        int bestDistance = 3;
        for (const QString &known : m_known) {
            const int distance = known.compare(key, Qt::CaseInsensitive) == 0 ? 0 : editDistance(known, key);
            if (distance < bestDistance) {
                bestDistance = distance;
                best = known;
            }
        }
        return best;
    }

    QString field(const QString &key) const { return m_path.isEmpty() ? key : m_path + QLatin1Char('.') + key; }
    void error(const QString &key, const Message &message) { m_errors->append({field(key), message}); }
    bool has(const QString &key)
    {
        m_known.insert(key);
        return m_object.contains(key);
    }
    QJsonValue value(const QString &key)
    {
        m_known.insert(key);
        return m_object.value(key);
    }

    void readBool(const QString &key, bool *out)
    {
        if (!has(key))
            return;
        const QJsonValue v = value(key);
        if (!v.isBool())
            return error(key, Message(QT_TRANSLATE_NOOP("Engine", "must be true or false, got %1"), {describe(v)}));
        *out = v.toBool();
    }
    void readInt(const QString &key, int min, int max, int *out)
    {
        if (!has(key))
            return;
        const QJsonValue v = value(key);
        const double d = v.toDouble(-1e300);
        // The range first: converting a double beyond qint64 (1e36, say) to an integer is undefined behaviour.
        if (!v.isDouble() || d < min || d > max || d != double(qint64(d)))
            return error(key, Message(QT_TRANSLATE_NOOP("Engine", "must be a whole number from %1 to %2, got %3"),
                                      {min, max, describe(v)}));
        *out = int(d);
    }
    bool readString(const QString &key, QString *out, bool required = false)
    {
        if (!has(key)) {
            if (required)
                error(key, Message(QT_TRANSLATE_NOOP("Engine", "is required"), {}));
            return false;
        }
        const QJsonValue v = value(key);
        if (!v.isString()) {
            error(key, Message(QT_TRANSLATE_NOOP("Engine", "must be a string, got %1"), {describe(v)}));
            return false;
        }
        *out = v.toString();
        return true;
    }
    bool readObject(const QString &key, QJsonObject *out)
    {
        if (!has(key))
            return false;
        const QJsonValue v = value(key);
        if (!v.isObject()) {
            error(key, Message(QT_TRANSLATE_NOOP("Engine", "must be an object, got %1"), {describe(v)}));
            return false;
        }
        *out = v.toObject();
        return true;
    }
    bool readArray(const QString &key, QJsonArray *out)
    {
        if (!has(key))
            return false;
        const QJsonValue v = value(key);
        if (!v.isArray()) {
            error(key, Message(QT_TRANSLATE_NOOP("Engine", "must be an array, got %1"), {describe(v)}));
            return false;
        }
        *out = v.toArray();
        return true;
    }

private:
    QJsonObject m_object;
    QString m_path;
    QList<ConfigIssue> *m_errors;
    QSet<QString> m_known;
};

bool isHexSha256(const QString &s)
{
    if (s.size() != 64)
        return false;
    for (const QChar c : s) {
        if (!((c >= QLatin1Char('0') && c <= QLatin1Char('9')) || (c >= QLatin1Char('a') && c <= QLatin1Char('f'))))
            return false;
    }
    return true;
}

// "ab:cd:..." and upper case are accepted as copied from a certificate viewer; stored as plain lowercase hex.
QString normalizePin(const QString &pin)
{
    QString s = pin.toLower();
    s.remove(QLatin1Char(':'));
    return s;
}

class Parser
{
public:
    ConfigLoadResult result;

    void parseRoot(const QJsonObject &root)
    {
        ObjectReader r(root, QString(), &result.errors);
        QString level;
        if (r.readString(QStringLiteral("logLevel"), &level)) {
            if (const auto parsed = logLevelFromName(level))
                result.config.logLevel = *parsed;
            else
                r.error(QStringLiteral("logLevel"),
                        Message(QT_TRANSLATE_NOOP("Engine", "must be major, problems, low or all, got \"%1\""),
                                {level.left(40)}));
        }
        QJsonObject sub;
        if (r.readObject(QStringLiteral("timeouts"), &sub))
            parseTimeouts(sub, r.field(QStringLiteral("timeouts")));
        if (r.readObject(QStringLiteral("retry"), &sub))
            parseRetry(sub, r.field(QStringLiteral("retry")));
        if (r.readObject(QStringLiteral("limits"), &sub))
            parseLimits(sub, r.field(QStringLiteral("limits")));
        QJsonArray listeners;
        if (!r.readArray(QStringLiteral("listeners"), &listeners)) {
            if (!r.has(QStringLiteral("listeners")))
                r.error(QStringLiteral("listeners"),
                        Message(QT_TRANSLATE_NOOP("Engine", "is required (an array, may be empty)"), {}));
            return;
        }
        for (int i = 0; i < listeners.size(); ++i) {
            const QString path = QStringLiteral("listeners[%1]").arg(i);
            if (!listeners.at(i).isObject()) {
                result.errors.append({path, Message(QT_TRANSLATE_NOOP("Engine", "must be an object"), {})});
                continue;
            }
            result.config.listeners.append(parseListener(listeners.at(i).toObject(), path));
        }
        checkListenersTogether();
    }

private:
    void parseTimeouts(const QJsonObject &o, const QString &path)
    {
        ObjectReader r(o, path, &result.errors);
        Timeouts &t = result.config.timeouts;
        r.readInt(QStringLiteral("connectSeconds"), 1, 3600, &t.connectSeconds);
        r.readInt(QStringLiteral("tlsSeconds"), 1, 3600, &t.tlsSeconds);
        r.readInt(QStringLiteral("responseSeconds"), 1, 3600, &t.responseSeconds);
        r.readInt(QStringLiteral("loginSeconds"), 1, 3600, &t.loginSeconds);
        r.readInt(QStringLiteral("idleSeconds"), 1, 86400, &t.idleSeconds);
    }
    void parseRetry(const QJsonObject &o, const QString &path)
    {
        ObjectReader r(o, path, &result.errors);
        RetryPolicy &p = result.config.retry;
        r.readInt(QStringLiteral("connectAttempts"), 1, 10, &p.connectAttempts);
        r.readInt(QStringLiteral("connectRetryDelayMs"), 0, 60000, &p.connectRetryDelayMs);
        r.readInt(QStringLiteral("bindRetryInitialMs"), 10, 600000, &p.bindRetryInitialMs);
        r.readInt(QStringLiteral("bindRetryMaxMs"), 10, 3600000, &p.bindRetryMaxMs);
    }
    void parseLimits(const QJsonObject &o, const QString &path)
    {
        ObjectReader r(o, path, &result.errors);
        Limits &l = result.config.limits;
        r.readInt(QStringLiteral("maxCommandLength"), 255, 8192, &l.maxCommandLength);
        r.readInt(QStringLiteral("maxBadCommands"), 1, 100, &l.maxBadCommands);
        r.readInt(QStringLiteral("maxSessionsTotal"), 1, 100000, &l.maxSessionsTotal);
        r.readInt(QStringLiteral("maxPendingClientBytes"), 1024, 16 * 1024 * 1024, &l.maxPendingClientBytes);
    }

    UpstreamConfig parseUpstream(const QJsonObject &o, const QString &path, Protocol protocol)
    {
        ObjectReader r(o, path, &result.errors);
        UpstreamConfig u;
        u.protocol = protocol;
        QString host;
        if (r.readString(QStringLiteral("host"), &host, true)) {
            if (const auto normalized = HostName::normalize(host.toUtf8()))
                u.host = *normalized;
            else
                r.error(QStringLiteral("host"),
                        Message(QT_TRANSLATE_NOOP("Engine", "is not a valid host name or IP address: \"%1\""),
                                {host.left(80)}));
        }
        QString security;
        if (r.readString(QStringLiteral("security"), &security, true)) {
            const auto parsed = securityFromName(security);
            if (parsed && securityAllowedFor(*parsed, protocol))
                u.security = *parsed;
            else if (protocol == Protocol::Smtp)
                r.error(QStringLiteral("security"),
                        Message(QT_TRANSLATE_NOOP("Engine",
                                                  "must be tls, starttls or plain for an SMTP listener, got \"%1\""),
                                {security.left(40)}));
            else
                r.error(QStringLiteral("security"),
                        Message(QT_TRANSLATE_NOOP("Engine", "must be apop, tls, stls, apop+tls or plain, got \"%1\""),
                                {security.left(40)}));
        }
        int port = 0;
        r.readInt(QStringLiteral("port"), 1, 65535, &port);
        u.port = quint16(port);
        if (r.readString(QStringLiteral("caFile"), &u.tls.caFile) && !u.tls.caFile.isEmpty()) {
            if (!QFile::exists(u.tls.caFile))
                r.error(QStringLiteral("caFile"),
                        Message(QT_TRANSLATE_NOOP("Engine", "file not found: %1"), {u.tls.caFile}));
            else if (QSslCertificate::fromPath(u.tls.caFile, QSsl::Pem).isEmpty())
                r.error(QStringLiteral("caFile"),
                        Message(QT_TRANSLATE_NOOP("Engine", "holds no PEM certificate: %1"), {u.tls.caFile}));
        }
        QString pin;
        if (r.readString(QStringLiteral("pinSha256"), &pin) && !pin.isEmpty()) {
            const QString normalized = normalizePin(pin);
            if (isHexSha256(normalized))
                u.tls.pinSha256 = normalized.toLatin1();
            else
                r.error(QStringLiteral("pinSha256"),
                        Message(QT_TRANSLATE_NOOP("Engine",
                                                  "must be 64 hex digits (SHA-256 of the public key), got \"%1\""),
                                {pin.left(80)}));
        }
        r.readBool(QStringLiteral("verifyHostname"), &u.tls.verifyHostname);
        if (!u.tls.verifyHostname && u.tls.pinSha256.isEmpty())
            r.error(
                QStringLiteral("verifyHostname"),
                Message(QT_TRANSLATE_NOOP(
                            "Engine", "false needs pinSha256: only a pinned key may stand in for the host name check"),
                        {}));
        if (!usesTls(u.security) && (!u.tls.caFile.isEmpty() || !u.tls.pinSha256.isEmpty()))
            r.error(QStringLiteral("security"),
                    Message(QT_TRANSLATE_NOOP("Engine", "caFile and pinSha256 need a TLS mode (tls, stls or apop+tls)"),
                            {}));
        if (u.security == Security::Plain)
            result.warnings.append(
                {r.field(QStringLiteral("security")),
                 Message(QT_TRANSLATE_NOOP("Engine", "plain: the password crosses the network unprotected"), {})});
        else if (u.security == Security::Apop)
            result.warnings.append(
                {r.field(QStringLiteral("security")),
                 Message(
                     QT_TRANSLATE_NOOP(
                         "Engine", "apop without TLS is a legacy mode: mail is not encrypted (apop+tls is offered)"),
                     {})});
        return u;
    }

    RoutingConfig parseRouting(const QJsonObject &o, const QString &path, Protocol protocol)
    {
        ObjectReader r(o, path, &result.errors);
        RoutingConfig routing;
        r.readBool(QStringLiteral("enabled"), &routing.enabled);
        QString separator;
        if (r.readString(QStringLiteral("separator"), &separator)) {
            if (separator.size() == 1 && routingSeparatorChoices().contains(separator))
                routing.separator = separator.at(0).toLatin1();
            else
                r.error(QStringLiteral("separator"),
                        Message(QT_TRANSLATE_NOOP("Engine", "must be one of the characters %1, got \"%2\""),
                                {routingSeparatorChoices(), separator.left(10)}));
        }
        QJsonArray allow;
        if (r.readArray(QStringLiteral("allow"), &allow)) {
            for (int i = 0; i < allow.size(); ++i) {
                const QString itemPath = r.field(QStringLiteral("allow[%1]").arg(i));
                if (!allow.at(i).isObject()) {
                    result.errors.append({itemPath, Message(QT_TRANSLATE_NOOP("Engine", "must be an object"), {})});
                    continue;
                }
                routing.allow.append(parseUpstream(allow.at(i).toObject(), itemPath, protocol));
            }
        }
        if (routing.enabled && routing.allow.isEmpty())
            r.error(QStringLiteral("allow"),
                    Message(QT_TRANSLATE_NOOP("Engine", "routing is enabled but the allow-list is empty"), {}));
        return routing;
    }

    ListenerConfig parseListener(const QJsonObject &o, const QString &path)
    {
        ObjectReader r(o, path, &result.errors);
        ListenerConfig l;
        if (r.readString(QStringLiteral("name"), &l.name, true)) {
            l.name = l.name.trimmed();
            if (l.name.isEmpty() || l.name.size() > 64)
                r.error(QStringLiteral("name"), Message(QT_TRANSLATE_NOOP("Engine", "must be 1 to 64 characters"), {}));
        }
        QString protocol;
        if (r.readString(QStringLiteral("protocol"), &protocol)) {
            if (const auto parsed = protocolFromName(protocol))
                l.protocol = *parsed;
            else
                r.error(QStringLiteral("protocol"),
                        Message(QT_TRANSLATE_NOOP("Engine", "must be pop3 or smtp, got \"%1\""), {protocol.left(40)}));
        }
        if (l.protocol == Protocol::Smtp)
            l.port = 3587;
        r.readBool(QStringLiteral("enabled"), &l.enabled);
        r.readBool(QStringLiteral("allowNonLoopback"), &l.allowNonLoopback);
        QString listen;
        if (r.readString(QStringLiteral("listen"), &listen) &&
            !HostName::parseListenAddress(listen, &l.address, &l.port))
            r.error(QStringLiteral("listen"),
                    Message(QT_TRANSLATE_NOOP("Engine", "must be address:port such as 127.0.0.1:3999, got \"%1\""),
                            {listen.left(80)}));
        if (!l.address.isLoopback() && !l.allowNonLoopback)
            r.error(QStringLiteral("listen"),
                    Message(QT_TRANSLATE_NOOP(
                                "Engine",
                                "%1 is not a loopback address; set allowNonLoopback to listen beyond this computer"),
                            {l.address.toString()}));
        QJsonObject sub;
        if (r.readObject(QStringLiteral("upstream"), &sub))
            l.upstream = parseUpstream(sub, r.field(QStringLiteral("upstream")), l.protocol);
        if (r.readObject(QStringLiteral("routing"), &sub))
            l.routing = parseRouting(sub, r.field(QStringLiteral("routing")), l.protocol);
        if (l.protocol == Protocol::Smtp && l.routing.enabled)
            r.error(QStringLiteral("routing"),
                    Message(QT_TRANSLATE_NOOP("Engine", "routing by user name is for POP3 listeners only"), {}));
        if (!l.upstream && !l.routing.enabled && !r.has(QStringLiteral("upstream")))
            r.error(QStringLiteral("upstream"),
                    Message(QT_TRANSLATE_NOOP("Engine", "is required unless routing is enabled"), {}));
        if (r.readString(QStringLiteral("user"), &l.user) &&
            (l.user.size() > 255 || WireText::hasForbiddenControlBytes(l.user.toUtf8())))
            r.error(
                QStringLiteral("user"),
                Message(QT_TRANSLATE_NOOP("Engine", "must be at most 255 characters without control characters"), {}));
        r.readBool(QStringLiteral("storedPassword"), &l.storedPassword);
        r.readInt(QStringLiteral("maxSessions"), 1, 10000, &l.maxSessions);
        r.readInt(QStringLiteral("failedHostRetrySeconds"), 0, 86400, &l.failedHostRetrySeconds);
        r.readInt(QStringLiteral("failedAccountRetrySeconds"), 0, 7 * 86400, &l.failedAccountRetrySeconds);
        parseLogin(r, &l);
        parseSmtpSettings(r, &l);
        return l;
    }

    // login and oauth: how the listener's account presents itself to the server.
    void parseLogin(ObjectReader &r, ListenerConfig *l)
    {
        QString login;
        if (r.readString(QStringLiteral("login"), &login)) {
            if (const auto parsed = upstreamLoginFromName(login))
                l->login = *parsed;
            else
                r.error(
                    QStringLiteral("login"),
                    Message(QT_TRANSLATE_NOOP("Engine", "must be password or oauth2, got \"%1\""), {login.left(40)}));
        }
        QJsonObject sub;
        const bool hasOAuth = r.readObject(QStringLiteral("oauth"), &sub);
        if (l->login != UpstreamLogin::OAuth2) {
            if (r.has(QStringLiteral("oauth")))
                r.error(QStringLiteral("oauth"),
                        Message(QT_TRANSLATE_NOOP("Engine", "is used only with \"login\": \"oauth2\""), {}));
            return;
        }
        if (hasOAuth)
            l->oauth = parseOAuth(sub, r.field(QStringLiteral("oauth")));
        else if (!r.has(QStringLiteral("oauth")))
            r.error(QStringLiteral("oauth"),
                    Message(QT_TRANSLATE_NOOP("Engine", "is required with login oauth2 (provider and clientId)"), {}));
        // An access token belongs to one account on one server, presented only inside verified TLS.
        if (l->upstream && (!usesTls(l->upstream->security) || usesApop(l->upstream->security)))
            r.error(QStringLiteral("login"),
                    Message(QT_TRANSLATE_NOOP("Engine", "oauth2 needs upstream.security tls or %1, got \"%2\""),
                            {l->protocol == Protocol::Smtp ? QStringLiteral("starttls") : QStringLiteral("stls"),
                             securityName(l->upstream->security, l->protocol)}));
        if (l->user.isEmpty())
            r.error(
                QStringLiteral("user"),
                Message(QT_TRANSLATE_NOOP("Engine", "is required with login oauth2: the account that signs in"), {}));
        if (l->routing.enabled)
            r.error(QStringLiteral("routing"),
                    Message(QT_TRANSLATE_NOOP("Engine", "cannot be enabled with login oauth2: a token is for one "
                                                        "account on one server"),
                            {}));
        if (l->storedPassword)
            r.error(QStringLiteral("storedPassword"),
                    Message(QT_TRANSLATE_NOOP("Engine", "must be false with login oauth2: the access token replaces "
                                                        "the password"),
                            {}));
    }

    OAuthSettings parseOAuth(const QJsonObject &o, const QString &path)
    {
        ObjectReader r(o, path, &result.errors);
        OAuthSettings s;
        if (r.readString(QStringLiteral("provider"), &s.provider, true) && !oauthProviderNames().contains(s.provider))
            r.error(QStringLiteral("provider"),
                    Message(QT_TRANSLATE_NOOP("Engine", "must be one of %1, got \"%2\""),
                            {oauthProviderNames().join(QStringLiteral(", ")), s.provider.left(40)}));
        if (r.readString(QStringLiteral("tenant"), &s.tenant) && !s.tenant.isEmpty()) {
            // A directory's name or id goes into the endpoints' path: letters, digits, dots and hyphens only.
            const bool valid = s.tenant.size() <= 255 && std::all_of(s.tenant.begin(), s.tenant.end(), [](QChar c) {
                                   return (c.unicode() < 0x80 && c.isLetterOrNumber()) || c == QLatin1Char('.') ||
                                          c == QLatin1Char('-');
                               });
            if (s.provider != QLatin1String("microsoft"))
                r.error(QStringLiteral("tenant"),
                        Message(QT_TRANSLATE_NOOP("Engine", "is for the microsoft provider only"), {}));
            else if (!valid)
                r.error(
                    QStringLiteral("tenant"),
                    Message(QT_TRANSLATE_NOOP("Engine", "must be common, organizations, a directory id or a domain, "
                                                        "got \"%1\""),
                            {s.tenant.left(80)}));
        }
        readEndpoint(r, QStringLiteral("issuer"), &s.issuer);
        readEndpoint(r, QStringLiteral("authorizationUrl"), &s.authorizationUrl);
        readEndpoint(r, QStringLiteral("tokenUrl"), &s.tokenUrl);
        if (s.provider == QLatin1String("custom") && s.issuer.isEmpty()) {
            // Without an issuer to discover them from, both endpoints must be written.
            for (const QString &key : {QStringLiteral("authorizationUrl"), QStringLiteral("tokenUrl")}) {
                if (!r.has(key))
                    r.error(key, Message(QT_TRANSLATE_NOOP("Engine", "is required for a custom provider without an "
                                                                     "issuer"),
                                         {}));
            }
        }
        if (r.readString(QStringLiteral("clientId"), &s.clientId, true) &&
            (s.clientId.trimmed().isEmpty() || s.clientId.size() > 512 ||
             WireText::hasForbiddenControlBytes(s.clientId.toUtf8())))
            r.error(QStringLiteral("clientId"),
                    Message(QT_TRANSLATE_NOOP("Engine", "must be 1 to 512 characters without control characters"), {}));
        if (r.readString(QStringLiteral("clientSecret"), &s.clientSecret) &&
            (s.clientSecret.size() > 512 || WireText::hasForbiddenControlBytes(s.clientSecret.toUtf8())))
            r.error(
                QStringLiteral("clientSecret"),
                Message(QT_TRANSLATE_NOOP("Engine", "must be at most 512 characters without control characters"), {}));
        QJsonArray scopes;
        if (r.readArray(QStringLiteral("scopes"), &scopes)) {
            for (int i = 0; i < scopes.size(); ++i) {
                const QString scope = scopes.at(i).toString();
                // RFC 6749 3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
                const bool valid = scopes.at(i).isString() && !scope.isEmpty() && scope.size() <= 512 &&
                                   std::all_of(scope.begin(), scope.end(), [](QChar c) {
                                       return c.unicode() >= 0x21 && c.unicode() <= 0x7e && c != QLatin1Char('"') &&
                                              c != QLatin1Char('\\');
                                   });
                if (valid)
                    s.scopes << scope;
                else
                    r.error(QStringLiteral("scopes[%1]").arg(i),
                            Message(QT_TRANSLATE_NOOP("Engine", "must be a scope name without spaces, got %1"),
                                    {describe(scopes.at(i))}));
            }
        }
        return s;
    }

    // An OAuth endpoint: https, or http on this computer only (a test provider); an empty string is no endpoint.
    void readEndpoint(ObjectReader &r, const QString &key, QString *out)
    {
        if (!r.readString(key, out) || out->isEmpty())
            return;
        const QUrl url(*out, QUrl::StrictMode);
        const QString host = url.host().toLower();
        const bool https = url.scheme() == QLatin1String("https");
        const bool localHttp = url.scheme() == QLatin1String("http") && HostName::isLoopback(host);
        if (!url.isValid() || host.isEmpty() || !url.userInfo().isEmpty() || url.hasFragment() || !(https || localHttp))
            r.error(key, Message(QT_TRANSLATE_NOOP("Engine", "must be an https:// URL (http:// only on this "
                                                             "computer), got \"%1\""),
                                 {out->left(120)}));
    }

    // clientAuth and popBeforeSmtp: SMTP listeners only.
    void parseSmtpSettings(ObjectReader &r, ListenerConfig *l)
    {
        const bool smtp = l->protocol == Protocol::Smtp;
        QString clientAuth;
        if (r.readString(QStringLiteral("clientAuth"), &clientAuth)) {
            if (!smtp)
                r.error(QStringLiteral("clientAuth"),
                        Message(QT_TRANSLATE_NOOP("Engine", "is for SMTP listeners only"), {}));
            else if (clientAuth == QLatin1String("required"))
                l->clientAuth = ClientAuth::Required;
            else if (clientAuth == QLatin1String("optional"))
                l->clientAuth = ClientAuth::Optional;
            else
                r.error(QStringLiteral("clientAuth"),
                        Message(QT_TRANSLATE_NOOP("Engine", "must be required or optional, got \"%1\""),
                                {clientAuth.left(40)}));
        }
        const bool oauth = l->login == UpstreamLogin::OAuth2;
        if (smtp && l->clientAuth == ClientAuth::Optional && (l->user.isEmpty() || !(l->storedPassword || oauth)))
            r.error(QStringLiteral("clientAuth"),
                    Message(QT_TRANSLATE_NOOP("Engine", "optional needs a user and storedPassword (or login oauth2): a "
                                                        "client that does not log in sends as that user"),
                            {}));
        QJsonObject sub;
        if (!r.readObject(QStringLiteral("popBeforeSmtp"), &sub))
            return;
        if (!smtp) {
            r.error(QStringLiteral("popBeforeSmtp"),
                    Message(QT_TRANSLATE_NOOP("Engine", "is for SMTP listeners only"), {}));
            return;
        }
        if (oauth) {
            r.error(QStringLiteral("popBeforeSmtp"),
                    Message(QT_TRANSLATE_NOOP("Engine", "cannot be combined with login oauth2"), {}));
            return;
        }
        ObjectReader p(sub, r.field(QStringLiteral("popBeforeSmtp")), &result.errors);
        PopBeforeSmtpConfig pop;
        p.readString(QStringLiteral("listener"), &pop.listener, true);
        p.readInt(QStringLiteral("windowSeconds"), 10, 86400, &pop.windowSeconds);
        p.readInt(QStringLiteral("delaySeconds"), 0, 600, &pop.delaySeconds);
        if (pop.delaySeconds >= pop.windowSeconds)
            p.error(QStringLiteral("delaySeconds"),
                    Message(QT_TRANSLATE_NOOP("Engine", "must be shorter than windowSeconds"), {}));
        l->popBeforeSmtp = pop;
    }

    void checkListenersTogether()
    {
        const QList<ListenerConfig> &listeners = result.config.listeners;
        for (int i = 0; i < listeners.size(); ++i) {
            const ListenerConfig &a = listeners.at(i);
            const QString path = QStringLiteral("listeners[%1]").arg(i);
            for (int j = 0; j < i; ++j) {
                const ListenerConfig &b = listeners.at(j);
                if (!a.name.isEmpty() && a.name == b.name)
                    result.errors.append(
                        {path + QStringLiteral(".name"),
                         Message(QT_TRANSLATE_NOOP("Engine", "\"%1\" is already used by listeners[%2]"), {a.name, j})});
                if (a.enabled && b.enabled && a.port == b.port &&
                    (a.address == b.address || a.address.isEqual(QHostAddress::Any) ||
                     b.address.isEqual(QHostAddress::Any)))
                    result.errors.append(
                        {path + QStringLiteral(".listen"),
                         Message(QT_TRANSLATE_NOOP("Engine", "port %1 is already used by listeners[%2]"),
                                 {a.port, j})});
            }
            if (a.popBeforeSmtp) {
                const QString &wanted = a.popBeforeSmtp->listener;
                const auto pop = std::find_if(listeners.begin(), listeners.end(),
                                              [&](const ListenerConfig &l) { return l.name == wanted; });
                // POP before SMTP logs in with the POP3 listener's stored password.
                if (pop == listeners.end() || pop->protocol != Protocol::Pop3 || !pop->upstream ||
                    pop->login != UpstreamLogin::Password)
                    result.errors.append(
                        {path + QStringLiteral(".popBeforeSmtp.listener"),
                         Message(QT_TRANSLATE_NOOP("Engine", "\"%1\" is not a POP3 listener with a fixed server and a "
                                                             "password login"),
                                 {wanted.left(64)})});
            }
            // A listener whose fixed upstream is its own port would connect to itself forever.
            if (a.upstream && HostName::isLoopback(a.upstream->host) && a.upstream->effectivePort() == a.port)
                result.errors.append(
                    {path + QStringLiteral(".upstream"),
                     Message(QT_TRANSLATE_NOOP("Engine", "points at this listener itself (%1:%2): a mail loop"),
                             {a.upstream->host, a.port})});
        }
    }
};

QJsonObject upstreamToJson(const UpstreamConfig &u)
{
    QJsonObject o{{QStringLiteral("host"), u.host}, {QStringLiteral("security"), securityName(u.security, u.protocol)}};
    if (u.port)
        o.insert(QStringLiteral("port"), u.port);
    if (usesTls(u.security)) {
        o.insert(QStringLiteral("caFile"), u.tls.caFile);
        o.insert(QStringLiteral("pinSha256"), QString::fromLatin1(u.tls.pinSha256));
        o.insert(QStringLiteral("verifyHostname"), u.tls.verifyHostname);
    }
    return o;
}

// Only what is set: a built-in provider is its name and client id.
QJsonObject oauthToJson(const OAuthSettings &s)
{
    QJsonObject o{{QStringLiteral("provider"), s.provider}, {QStringLiteral("clientId"), s.clientId}};
    const std::pair<const char *, QString> optional[] = {{"tenant", s.tenant},
                                                         {"issuer", s.issuer},
                                                         {"authorizationUrl", s.authorizationUrl},
                                                         {"tokenUrl", s.tokenUrl},
                                                         {"clientSecret", s.clientSecret}};
    for (const auto &[key, value] : optional) {
        if (!value.isEmpty())
            o.insert(QLatin1String(key), value);
    }
    if (!s.scopes.isEmpty())
        o.insert(QStringLiteral("scopes"), QJsonArray::fromStringList(s.scopes));
    return o;
}

QString listenToString(const ListenerConfig &l)
{
    return HostName::bracketed(l.address.toString()) + QLatin1Char(':') + QString::number(l.port);
}

} // namespace

namespace ConfigLoader {

ConfigLoadResult fromJson(const QByteArray &json)
{
    Parser parser;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        // Line and column, as an editor shows them, rather than a byte offset.
        const QByteArray before = json.left(parseError.offset);
        const qsizetype line = before.count('\n') + 1;
        const qsizetype column = QString::fromUtf8(before.mid(before.lastIndexOf('\n') + 1)).size() + 1;
        parser.result.errors.append(
            {QString(), Message(QT_TRANSLATE_NOOP("Engine", "not valid JSON at line %1, column %2: %3"),
                                {line, column, parseError.errorString()})});
        return parser.result;
    }
    if (!doc.isObject()) {
        parser.result.errors.append(
            {QString(), Message(QT_TRANSLATE_NOOP("Engine", "the top level must be a JSON object"), {})});
        return parser.result;
    }
    parser.parseRoot(doc.object());
    return parser.result;
}

ConfigLoadResult fromFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        ConfigLoadResult result;
        result.errors.append(
            {QString(), Message(QT_TRANSLATE_NOOP("Engine", "cannot read %1: %2"), {path, file.errorString()})});
        return result;
    }
    if (file.size() > 4 * 1024 * 1024) {
        ConfigLoadResult result;
        result.errors.append(
            {QString(),
             Message(QT_TRANSLATE_NOOP("Engine", "%1 is larger than 4 MiB; not a MailShim config"), {path})});
        return result;
    }
    return fromJson(file.readAll());
}

QByteArray toJson(const Config &config)
{
    QJsonArray listeners;
    for (const ListenerConfig &l : config.listeners) {
        QJsonObject o{{QStringLiteral("name"), l.name},
                      {QStringLiteral("enabled"), l.enabled},
                      {QStringLiteral("listen"), listenToString(l)},
                      {QStringLiteral("maxSessions"), l.maxSessions},
                      {QStringLiteral("failedHostRetrySeconds"), l.failedHostRetrySeconds},
                      {QStringLiteral("failedAccountRetrySeconds"), l.failedAccountRetrySeconds}};
        if (l.protocol != Protocol::Pop3)
            o.insert(QStringLiteral("protocol"), protocolName(l.protocol));
        if (l.allowNonLoopback)
            o.insert(QStringLiteral("allowNonLoopback"), true);
        if (l.clientAuth == ClientAuth::Optional)
            o.insert(QStringLiteral("clientAuth"), QStringLiteral("optional"));
        if (l.popBeforeSmtp)
            o.insert(QStringLiteral("popBeforeSmtp"),
                     QJsonObject{{QStringLiteral("listener"), l.popBeforeSmtp->listener},
                                 {QStringLiteral("windowSeconds"), l.popBeforeSmtp->windowSeconds},
                                 {QStringLiteral("delaySeconds"), l.popBeforeSmtp->delaySeconds}});
        if (!l.user.isEmpty())
            o.insert(QStringLiteral("user"), l.user);
        if (l.storedPassword)
            o.insert(QStringLiteral("storedPassword"), true);
        if (l.login == UpstreamLogin::OAuth2) {
            o.insert(QStringLiteral("login"), upstreamLoginName(l.login));
            o.insert(QStringLiteral("oauth"), oauthToJson(l.oauth));
        }
        if (l.upstream)
            o.insert(QStringLiteral("upstream"), upstreamToJson(*l.upstream));
        QJsonArray allow;
        for (const UpstreamConfig &u : l.routing.allow)
            allow.append(upstreamToJson(u));
        o.insert(QStringLiteral("routing"),
                 QJsonObject{{QStringLiteral("enabled"), l.routing.enabled},
                             {QStringLiteral("separator"), QString(QLatin1Char(l.routing.separator))},
                             {QStringLiteral("allow"), allow}});
        listeners.append(o);
    }
    const Timeouts &t = config.timeouts;
    const RetryPolicy &p = config.retry;
    const Limits &lim = config.limits;
    const QJsonObject root{
        {QStringLiteral("listeners"), listeners},
        {QStringLiteral("logLevel"), logLevelName(config.logLevel)},
        {QStringLiteral("timeouts"), QJsonObject{{QStringLiteral("connectSeconds"), t.connectSeconds},
                                                 {QStringLiteral("tlsSeconds"), t.tlsSeconds},
                                                 {QStringLiteral("responseSeconds"), t.responseSeconds},
                                                 {QStringLiteral("loginSeconds"), t.loginSeconds},
                                                 {QStringLiteral("idleSeconds"), t.idleSeconds}}},
        {QStringLiteral("retry"), QJsonObject{{QStringLiteral("connectAttempts"), p.connectAttempts},
                                              {QStringLiteral("connectRetryDelayMs"), p.connectRetryDelayMs},
                                              {QStringLiteral("bindRetryInitialMs"), p.bindRetryInitialMs},
                                              {QStringLiteral("bindRetryMaxMs"), p.bindRetryMaxMs}}},
        {QStringLiteral("limits"), QJsonObject{{QStringLiteral("maxCommandLength"), lim.maxCommandLength},
                                               {QStringLiteral("maxBadCommands"), lim.maxBadCommands},
                                               {QStringLiteral("maxSessionsTotal"), lim.maxSessionsTotal},
                                               {QStringLiteral("maxPendingClientBytes"), lim.maxPendingClientBytes}}},
    };
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

bool saveFile(const Config &config, const QString &path, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    file.write(toJson(config));
    if (!file.commit()) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace ConfigLoader
} // namespace mailshim
