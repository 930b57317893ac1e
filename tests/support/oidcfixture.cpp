#include "oidcfixture.h"

#include "testfiles.h"
#include "testprocess.h"

#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcess>
#include <QRandomGenerator>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>
#include <QUrlQuery>
#include <csignal>
#ifdef Q_OS_LINUX
#include <sys/prctl.h>
#endif

namespace {

constexpr int startTimeoutMs = 15000;
constexpr int commandTimeoutMs = 5000;

QByteArray readFile(const QString &fileName)
{
    QFile file(fileName);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QString randomUrlSafe(int bytes)
{
    QByteArray raw(bytes, Qt::Uninitialized);
    for (char &byte : raw) {
        byte = char(QRandomGenerator::system()->generate() & 0xff);
    }
    return QString::fromLatin1(raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QString modulesDir();

// The Node that install-modules.sh chose (<modules dir>/node: the system's, or one from npm where the system's is too
// old for oidc-provider 9), else the one on the PATH.
QString nodeProgram()
{
    const QFileInfo chosen(modulesDir() + QStringLiteral("/node"));
    if (chosen.isExecutable())
        return chosen.absoluteFilePath();
    QString program = QStandardPaths::findExecutable(QStringLiteral("node"));
    return program.isEmpty() ? QStandardPaths::findExecutable(QStringLiteral("nodejs")) : program;
}

// The folder holding node_modules/oidc-provider (tests/support/oidc/install-modules.sh).
QString modulesDir()
{
    const QString fromEnvironment = qEnvironmentVariable("MAILSHIM_OIDC_MODULES_DIR");
    return fromEnvironment.isEmpty() ? QStringLiteral(MAILSHIM_OIDC_MODULES_DIR) : fromEnvironment;
}

// The names of a JSON object's fields, and the values of those that are not credentials, for failure messages.
QString describeJson(const QJsonObject &json)
{
    static const QStringList secret{QStringLiteral("access_token"), QStringLiteral("refresh_token"),
                                    QStringLiteral("id_token")};
    QStringList parts;
    for (auto it = json.begin(); it != json.end(); ++it) {
        if (secret.contains(it.key())) {
            parts << it.key() + QStringLiteral("=<%1 chars>").arg(it.value().toString().size());
        } else {
            parts << it.key() + QLatin1Char('=') +
                         QString::fromUtf8(QJsonDocument(QJsonArray{it.value()}).toJson(QJsonDocument::Compact))
                             .mid(1)
                             .chopped(1);
        }
    }
    return QLatin1Char('{') + parts.join(QStringLiteral(", ")) + QLatin1Char('}');
}

} // namespace

QString OidcFixture::HttpReply::describe() const
{
    if (status == 0) {
        return QStringLiteral("no HTTP answer: ") + transport;
    }
    return QStringLiteral("HTTP %1 %2").arg(status).arg(describeJson(json));
}

OidcFixture::OidcFixture() = default;

OidcFixture::~OidcFixture()
{
    stop();
}

QString OidcFixture::issuer() const
{
    return QStringLiteral("https://%1:%2").arg(tlsHostName()).arg(m_port);
}

QString OidcFixture::discoveryUrl() const
{
    return issuer() + QStringLiteral("/.well-known/openid-configuration");
}

QString OidcFixture::authorizationEndpoint() const
{
    return issuer() + QStringLiteral("/auth");
}

QString OidcFixture::tokenEndpoint() const
{
    return issuer() + QStringLiteral("/token");
}

QString OidcFixture::introspectionEndpoint() const
{
    return issuer() + QStringLiteral("/token/introspection");
}

QString OidcFixture::revocationEndpoint() const
{
    return issuer() + QStringLiteral("/token/revocation");
}

QString OidcFixture::caFile() const
{
    return m_pki ? m_pki->caCertFile() : QString();
}

QString OidcFixture::logFile() const
{
    return m_dir ? m_dir->filePath(QStringLiteral("provider.log")) : QString();
}

QByteArray OidcFixture::log() const
{
    return m_dir ? readFile(logFile()) : QByteArray();
}

QString OidcFixture::workDir() const
{
    return m_dir ? m_dir->filePath(QStringLiteral("work")) : QString();
}

DovecotFixture::OAuth OidcFixture::dovecotIntrospection() const
{
    return DovecotFixture::OAuth{introspectionEndpoint(), introspectionClientId(), m_introspectionSecret, caFile(),
                                 mailScope()};
}

bool OidcFixture::isRunning() const
{
    return m_process && m_process->state() != QProcess::NotRunning && !m_process->waitForFinished(0);
}

bool OidcFixture::setAccessTokenLifetime(int seconds, QString *error)
{
    m_accessTokenTtl = seconds;
    if (!isRunning()) {
        return true;
    }
    QByteArray reply;
    return command("ttl " + QByteArray::number(seconds), &reply, error);
}

bool OidcFixture::start(QString *error)
{
    QString ignored;
    if (!error) {
        error = &ignored;
    }
    if (isRunning()) {
        return true;
    }
    if (!m_dir && !prepare(error)) {
        return false;
    }
    if (!writeConfig(error)) {
        return false;
    }
    // A second attempt only for a provider that neither answered nor exited (a hang in Node itself was seen before the
    // signing key came from a file, see provider.mjs); one that exits says why at once.
    for (int attempt = 1; attempt <= 2; ++attempt) {
        bool hung = false;
        if (launch(&hung, error)) {
            return true;
        }
        stop();
        if (!hung) {
            return false;
        }
        qWarning("OidcFixture: %s; starting it again", qPrintable(*error));
    }
    return false;
}

bool OidcFixture::prepare(QString *error)
{
    if (nodeProgram().isEmpty()) {
        *error = QStringLiteral("`node` not found (scripts/setup-debian.sh installs nodejs)");
        return false;
    }
    const QString modules = modulesDir() + QStringLiteral("/node_modules");
    if (!QFileInfo::exists(modules + QStringLiteral("/oidc-provider/package.json"))) {
        *error = QStringLiteral("oidc-provider is not installed in %1 (run tests/support/oidc/install-modules.sh, "
                                "which scripts/setup-debian.sh runs)")
                     .arg(modules);
        return false;
    }
    m_dir = std::make_unique<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/mailshim-oidc-XXXXXX"));
    if (!m_dir->isValid()) {
        *error = QStringLiteral("cannot create a temporary directory: %1").arg(m_dir->errorString());
        return false;
    }
    if (qEnvironmentVariableIsSet("MAILSHIM_KEEP_FIXTURE")) {
        m_dir->setAutoRemove(false);
        qInfo("OidcFixture: keeping %s", qPrintable(m_dir->path()));
    }
    // Dovecot's auth process (user dovecot) reads the CA file in here.
    QFile::setPermissions(m_dir->path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner |
                                             QFileDevice::ReadGroup | QFileDevice::ExeGroup | QFileDevice::ReadOther |
                                             QFileDevice::ExeOther);
    const QDir dir(m_dir->path());
    if (!dir.mkpath(QStringLiteral("pki")) || !dir.mkpath(QStringLiteral("work"))) {
        *error = QStringLiteral("cannot create the fixture's directories in %1").arg(m_dir->path());
        return false;
    }
    m_pki = std::make_unique<TestPki>(m_dir->filePath(QStringLiteral("pki")));
    if (!m_pki->createCa(error) ||
        !m_pki->issue(QStringLiteral("provider"), {tlsHostName()}, {host()}, TestPki::Validity::Valid, error)) {
        return false;
    }
    // The script runs from a copy next to a link to the installed modules: Node resolves `import 'oidc-provider'`
    // from the script's own folder.
    const QString script = m_dir->filePath(QStringLiteral("provider.mjs"));
    if (!QFile::copy(QStringLiteral(MAILSHIM_OIDC_PROVIDER_MJS), script)) {
        *error = QStringLiteral("cannot copy %1").arg(QStringLiteral(MAILSHIM_OIDC_PROVIDER_MJS));
        return false;
    }
    if (!QFile::link(QDir(modules).absolutePath(), m_dir->filePath(QStringLiteral("node_modules")))) {
        *error = QStringLiteral("cannot link %1 into %2").arg(modules, m_dir->path());
        return false;
    }
    m_introspectionSecret = randomUrlSafe(24);
    return true;
}

bool OidcFixture::writeConfig(QString *error) const
{
    QJsonArray users;
    const QList<QPair<QString, QString>> accounts{{DovecotFixture::user(), DovecotFixture::password()},
                                                  {DovecotFixture::emptyUser(), DovecotFixture::emptyUserPassword()}};
    for (const auto &account : accounts) {
        users.append(
            QJsonObject{{QStringLiteral("name"), account.first}, {QStringLiteral("password"), account.second}});
    }
    const QJsonObject config{
        // 0 the first time: Node takes a free port and says which; the same port after that (same issuer).
        {QStringLiteral("port"), int(m_port)},
        {QStringLiteral("hostName"), tlsHostName()},
        {QStringLiteral("certFile"), m_pki->certFile(QStringLiteral("provider"))},
        {QStringLiteral("keyFile"), m_pki->keyFile(QStringLiteral("provider"))},
        {QStringLiteral("signingKeyFile"), m_pki->keyFile(QStringLiteral("provider"))},
        {QStringLiteral("stateFile"), m_dir->filePath(QStringLiteral("state.json"))},
        {QStringLiteral("users"), users},
        {QStringLiteral("nativeClient"),
         QJsonObject{{QStringLiteral("id"), clientId()},
                     {QStringLiteral("redirectUris"),
                      QJsonArray{QStringLiteral("http://127.0.0.1/"), QStringLiteral("http://[::1]/")}}}},
        {QStringLiteral("introspectionClient"), QJsonObject{{QStringLiteral("id"), introspectionClientId()},
                                                            {QStringLiteral("secret"), m_introspectionSecret}}},
        {QStringLiteral("scopes"), QJsonArray{mailScope()}},
        {QStringLiteral("mailDomain"), QStringLiteral("example.org")},
        {QStringLiteral("accessTokenTtl"), m_accessTokenTtl},
        {QStringLiteral("refreshTokenTtl"), m_refreshTokenTtl},
    };
    const QString file = m_dir->filePath(QStringLiteral("config.json"));
    if (!TestFiles::write(file, QJsonDocument(config).toJson(), error)) {
        return false;
    }
    QFile::setPermissions(file, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    return true;
}

bool OidcFixture::launch(bool *hung, QString *error)
{
    *hung = false;
    m_process = std::make_unique<QProcess>();
    // stdout: the provider's answers to the fixture; stderr: its log, appended across restarts.
    m_process->setStandardErrorFile(logFile(), QIODevice::Append);
    m_process->setWorkingDirectory(m_dir->path());
#ifdef Q_OS_LINUX
    // If the test process dies without running destructors, take the provider down with it.
    m_process->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
#endif
    const QString program = nodeProgram();
    m_process->start(program,
                     {m_dir->filePath(QStringLiteral("provider.mjs")), m_dir->filePath(QStringLiteral("config.json"))});
    if (!m_process->waitForStarted(5000)) {
        *error = QStringLiteral("cannot start %1: %2").arg(program, m_process->errorString());
        return false;
    }
    const QDeadlineTimer deadline(startTimeoutMs);
    while (!m_process->canReadLine()) {
        if (deadline.hasExpired() || !m_process->waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())))) {
            *hung = m_process->state() != QProcess::NotRunning;
            *error = failureReport(
                m_process->state() == QProcess::NotRunning
                    ? QStringLiteral("the provider exited with code %1 before it was ready").arg(m_process->exitCode())
                    : QStringLiteral("the provider not ready within %1 ms").arg(startTimeoutMs));
            return false;
        }
    }
    const QByteArray ready = m_process->readLine().trimmed();
    bool ok = false;
    const quint16 port = ready.startsWith("ready ") ? ready.mid(6).toUShort(&ok) : 0;
    if (!ok || (m_port != 0 && port != m_port)) {
        *error = failureReport(
            QStringLiteral("unexpected first line from the provider: \"%1\"").arg(QString::fromUtf8(ready.left(200))));
        return false;
    }
    m_port = port;
    const HttpReply discovery = get(discoveryUrl());
    if (discovery.status != 200 || discovery.json.value(QStringLiteral("issuer")).toString() != issuer()) {
        *error =
            failureReport(QStringLiteral("the discovery document at %1: %2").arg(discoveryUrl(), discovery.describe()));
        return false;
    }
    return true;
}

QString OidcFixture::failureReport(const QString &what) const
{
    return what + QStringLiteral("; provider log %1 tail: %2")
                      .arg(logFile(), QString::fromLocal8Bit(TestProcess::tail(log().trimmed(), 1500)));
}

void OidcFixture::stop()
{
    if (!m_process) {
        return;
    }
    // Node ends on SIGTERM (and when its stdin closes); SIGKILL only if it hangs.
    TestProcess::stop(*m_process, 5000);
    m_process.reset();
}

bool OidcFixture::command(const QByteArray &line, QByteArray *reply, QString *error)
{
    QString ignored;
    if (!error) {
        error = &ignored;
    }
    if (!isRunning()) {
        *error = QStringLiteral("the provider is not running");
        return false;
    }
    m_process->readAllStandardOutput(); // nothing is expected in between; drop it so the answer lines up
    m_process->write(line + '\n');
    const QDeadlineTimer deadline(commandTimeoutMs);
    while (!m_process->canReadLine()) {
        if (deadline.hasExpired() || !m_process->waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())))) {
            *error = failureReport(QStringLiteral("no answer to \"%1\"").arg(QString::fromUtf8(line)));
            return false;
        }
    }
    *reply = m_process->readLine().trimmed();
    if (!reply->startsWith("ok")) {
        *error = QStringLiteral("the provider answered \"%1\" to \"%2\"")
                     .arg(QString::fromUtf8(*reply), QString::fromUtf8(line));
        return false;
    }
    return true;
}

bool OidcFixture::revokeGrants(const QString &account, int *revoked, QString *error)
{
    QByteArray reply;
    if (!command("revoke " + account.toUtf8(), &reply, error)) {
        return false;
    }
    if (revoked) {
        *revoked = reply.split(' ').value(2).toInt();
    }
    return true;
}

int OidcFixture::grantCount(const QString &account)
{
    QByteArray reply;
    return command("grants " + account.toUtf8(), &reply, nullptr) ? reply.split(' ').value(1).toInt() : -1;
}

OidcFixture::Pkce OidcFixture::makePkce()
{
    Pkce pkce;
    pkce.verifier = randomUrlSafe(48); // 64 characters, within RFC 7636's 43..128
    pkce.challenge = QString::fromLatin1(QCryptographicHash::hash(pkce.verifier.toLatin1(), QCryptographicHash::Sha256)
                                             .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    return pkce;
}

QString OidcFixture::authorizationUrl(const QString &redirectUri, const QString &state, const QString &codeChallenge,
                                      const QString &scope) const
{
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("response_type"), QStringLiteral("code"));
    query.addQueryItem(QStringLiteral("client_id"), clientId());
    query.addQueryItem(QStringLiteral("redirect_uri"), redirectUri);
    query.addQueryItem(QStringLiteral("scope"), scope);
    query.addQueryItem(QStringLiteral("state"), state);
    query.addQueryItem(QStringLiteral("code_challenge"), codeChallenge);
    query.addQueryItem(QStringLiteral("code_challenge_method"), QStringLiteral("S256"));
    QUrl url(authorizationEndpoint());
    url.setQuery(query);
    return url.toString(QUrl::FullyEncoded);
}

QString OidcFixture::browserScript()
{
    return QStringLiteral(MAILSHIM_OIDCBROWSER_PY);
}

std::unique_ptr<QProcess> OidcFixture::startBrowser(const QString &url, const QString &user,
                                                    const QString &password) const
{
    auto browser = std::make_unique<QProcess>();
    browser->start(QStringLiteral("python3"),
                   {browserScript(), QStringLiteral("--url"), url, QStringLiteral("--user"), user,
                    QStringLiteral("--password"), password, QStringLiteral("--cafile"), caFile()});
    browser->closeWriteChannel();
    return browser;
}

QJsonObject OidcFixture::browserResult(QProcess &browser)
{
    QJsonObject result = QJsonDocument::fromJson(browser.readAllStandardOutput().trimmed()).object();
    const QByteArray errors = browser.readAllStandardError().trimmed();
    if (!errors.isEmpty()) {
        result.insert(QStringLiteral("stderr"), QString::fromLocal8Bit(TestProcess::tail(errors, 1000)));
    }
    result.insert(QStringLiteral("exitCode"), browser.exitCode());
    return result;
}

namespace {

// One request with the fixture's CA, waited for in a local event loop (the tests have no loop running).
OidcFixture::HttpReply send(const QString &url, const QString &caFile, const QByteArray *formBody, int timeoutMs)
{
    OidcFixture::HttpReply result;
    QNetworkAccessManager network;
    QNetworkRequest request{QUrl(url)};
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setCaCertificates(QSslCertificate::fromPath(caFile));
    request.setSslConfiguration(tls);
    request.setRawHeader("Accept", "application/json");
    QNetworkReply *reply = nullptr;
    if (formBody) {
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/x-www-form-urlencoded"));
        reply = network.post(request, *formBody);
    } else {
        reply = network.get(request);
    }
    QEventLoop loop;
    QTimer timer;
    timer.setSingleShot(true);
    QObject::connect(&timer, &QTimer::timeout, reply, &QNetworkReply::abort);
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    timer.start(timeoutMs);
    if (!reply->isFinished()) {
        loop.exec();
    }
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.json = QJsonDocument::fromJson(reply->readAll()).object();
    if (result.status == 0) {
        result.transport = reply->errorString();
    }
    delete reply;
    return result;
}

} // namespace

OidcFixture::HttpReply OidcFixture::get(const QString &url, int timeoutMs) const
{
    return send(url, caFile(), nullptr, timeoutMs);
}

OidcFixture::HttpReply OidcFixture::post(const QString &url, const QList<QPair<QString, QString>> &form,
                                         int timeoutMs) const
{
    QByteArray body;
    for (const auto &field : form) {
        body += (body.isEmpty() ? "" : "&") + QUrl::toPercentEncoding(field.first) + '=' +
                QUrl::toPercentEncoding(field.second);
    }
    return send(url, caFile(), &body, timeoutMs);
}

OidcFixture::HttpReply OidcFixture::exchangeCode(const QString &code, const QString &verifier,
                                                 const QString &redirectUri) const
{
    return post(tokenEndpoint(), {{QStringLiteral("grant_type"), QStringLiteral("authorization_code")},
                                  {QStringLiteral("code"), code},
                                  {QStringLiteral("redirect_uri"), redirectUri},
                                  {QStringLiteral("client_id"), clientId()},
                                  {QStringLiteral("code_verifier"), verifier}});
}

OidcFixture::HttpReply OidcFixture::refresh(const QString &refreshToken) const
{
    return post(tokenEndpoint(), {{QStringLiteral("grant_type"), QStringLiteral("refresh_token")},
                                  {QStringLiteral("refresh_token"), refreshToken},
                                  {QStringLiteral("client_id"), clientId()}});
}

OidcFixture::HttpReply OidcFixture::introspect(const QString &token) const
{
    return post(introspectionEndpoint(), {{QStringLiteral("token"), token},
                                          {QStringLiteral("client_id"), introspectionClientId()},
                                          {QStringLiteral("client_secret"), m_introspectionSecret}});
}

OidcFixture::Tokens OidcFixture::tokensFrom(const HttpReply &reply)
{
    Tokens tokens;
    tokens.accessToken = reply.json.value(QStringLiteral("access_token")).toString();
    tokens.refreshToken = reply.json.value(QStringLiteral("refresh_token")).toString();
    tokens.expiresIn = reply.json.value(QStringLiteral("expires_in")).toInt();
    tokens.scope = reply.json.value(QStringLiteral("scope")).toString();
    return tokens;
}

QString OidcFixture::Redirect::describe() const
{
    QStringList names;
    for (const auto &item : query.queryItems()) {
        names << item.first;
    }
    return QStringLiteral("redirect %1 (fields: %2; error: %3); browser: %4")
        .arg(arrived ? QStringLiteral("arrived") : QStringLiteral("did not arrive"), names.join(QLatin1Char(',')),
             query.queryItemValue(QStringLiteral("error")),
             QString::fromUtf8(QJsonDocument(browser).toJson(QJsonDocument::Compact)));
}

OidcFixture::Redirect OidcFixture::browse(const std::function<QString(const QString &redirectUri)> &makeUrl,
                                          const QString &user, const QString &password) const
{
    Redirect redirect;
    // The application's side of RFC 8252: a loopback listener that takes the redirect and answers a short page.
    QTcpServer listener;
    if (!listener.listen(QHostAddress::LocalHost, 0)) {
        redirect.browser.insert(QStringLiteral("detail"),
                                QStringLiteral("cannot listen on loopback: ") + listener.errorString());
        return redirect;
    }
    redirect.redirectUri = redirectUri(listener.serverPort());
    QByteArray requestLine;
    QObject::connect(&listener, &QTcpServer::newConnection, &listener, [&listener, &requestLine] {
        QTcpSocket *socket = listener.nextPendingConnection();
        QObject::connect(socket, &QTcpSocket::readyRead, socket, [socket, &requestLine] {
            if (!socket->canReadLine() || !requestLine.isEmpty()) {
                return;
            }
            requestLine = socket->readLine().trimmed();
            socket->write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nDone.\r\n");
            socket->disconnectFromHost();
        });
        QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    });
    std::unique_ptr<QProcess> browser = startBrowser(makeUrl(redirect.redirectUri), user, password);
    QEventLoop loop;
    QObject::connect(browser.get(), &QProcess::finished, &loop, &QEventLoop::quit);
    QObject::connect(browser.get(), &QProcess::errorOccurred, &loop, &QEventLoop::quit);
    QTimer::singleShot(30000, &loop, &QEventLoop::quit);
    if (browser->state() != QProcess::NotRunning) {
        loop.exec();
    }
    if (browser->state() != QProcess::NotRunning) {
        browser->kill();
        browser->waitForFinished(2000);
    }
    redirect.browser = browserResult(*browser);
    // "GET /?code=...&state=...&iss=... HTTP/1.1"
    redirect.arrived = requestLine.startsWith("GET ");
    redirect.query = QUrlQuery(QUrl(QString::fromLatin1(requestLine.split(' ').value(1))).query());
    return redirect;
}

bool OidcFixture::signIn(const QString &user, const QString &password, Tokens *tokens, QString *error,
                         const QString &scope)
{
    QString ignored;
    if (!error) {
        error = &ignored;
    }
    const Pkce pkce = makePkce();
    const QString state = randomUrlSafe(16);
    const Redirect redirect =
        browse([&](const QString &uri) { return authorizationUrl(uri, state, pkce.challenge, scope); }, user, password);
    if (!redirect.browser.value(QStringLiteral("ok")).toBool() ||
        !redirect.query.hasQueryItem(QStringLiteral("code"))) {
        *error = QStringLiteral("the browser did not bring a code: ") + redirect.describe();
        return false;
    }
    if (redirect.query.queryItemValue(QStringLiteral("state"), QUrl::FullyDecoded) != state) {
        *error = QStringLiteral("the redirect's state is not the one sent");
        return false;
    }
    const HttpReply reply = exchangeCode(redirect.query.queryItemValue(QStringLiteral("code"), QUrl::FullyDecoded),
                                         pkce.verifier, redirect.redirectUri);
    *tokens = tokensFrom(reply);
    if (reply.status != 200 || tokens->accessToken.isEmpty() || tokens->refreshToken.isEmpty()) {
        *error = QStringLiteral("code exchange: ") + reply.describe();
        return false;
    }
    return true;
}
