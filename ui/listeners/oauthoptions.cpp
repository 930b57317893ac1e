#include "ui/listeners/oauthoptions.h"

#include "oauth/oauthprovider.h"
#include "ui/common/fielderror.h"
#include "ui/common/signinlauncher.h"
#include "ui/common/signintext.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace mailshim {

namespace {
const QString kMicrosoft = QStringLiteral("microsoft");
const QString kGoogle = QStringLiteral("google");
const QString kCustom = QStringLiteral("custom");

QLabel *textLabel(const QString &objectName)
{
    auto *label = new QLabel;
    label->setObjectName(objectName);
    label->setWordWrap(true);
    return label;
}

QWidget *withError(QWidget *field, QLabel *error)
{
    auto *box = new QWidget;
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(field);
    layout->addWidget(error);
    return box;
}
} // namespace

OAuthOptions::OAuthOptions(const ListenerConfig &initial, QWidget *parent)
    : QGroupBox(tr("How MailShim logs in"), parent), m_initial(initial), m_user(initial.user), m_login(new QComboBox),
      m_loginText(textLabel(QStringLiteral("loginExplanation"))), m_fields(new QWidget), m_provider(new QComboBox),
      m_clientIdError(FieldError::create(QStringLiteral("oauthClientIdError"))),
      m_clientSecretError(FieldError::create(QStringLiteral("oauthClientSecretError"))),
      m_issuerError(FieldError::create(QStringLiteral("oauthIssuerError"))),
      m_urlError(FieldError::create(QStringLiteral("oauthUrlError"))), m_hint(textLabel(QStringLiteral("oauthHint"))),
      m_signIn(new QPushButton(tr("Sign in..."))), m_cancel(new QPushButton(tr("Cancel sign-in"))),
      m_progress(textLabel(QStringLiteral("oauthProgress"))), m_status(textLabel(QStringLiteral("oauthStatus"))),
      m_result(textLabel(QStringLiteral("oauthResult")))
{
    setObjectName(QStringLiteral("oauthGroup"));
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Minimum);
    const OAuthSettings &oauth = initial.oauth;
    m_login->setObjectName(QStringLiteral("loginCombo"));
    m_login->addItem(tr("Password"), int(UpstreamLogin::Password));
    m_login->addItem(tr("Sign in with the provider (OAuth 2.0)"), int(UpstreamLogin::OAuth2));
    m_login->setCurrentIndex(m_login->findData(int(initial.login)));

    m_provider->setObjectName(QStringLiteral("oauthProviderCombo"));
    m_provider->addItem(tr("Microsoft 365 (Outlook.com, Hotmail, work or school)"), kMicrosoft);
    m_provider->addItem(tr("Google (Gmail, Google Workspace)"), kGoogle);
    m_provider->addItem(tr("Other"), kCustom);
    m_provider->setCurrentIndex(qMax(0, m_provider->findData(oauth.provider.toLower())));
    m_tenant = lineEdit("oauthTenantEdit", oauth.tenant);
    m_tenant->setPlaceholderText(tr("empty: any account; or your organisation's domain"));
    m_clientId = lineEdit("oauthClientIdEdit", oauth.clientId);
    m_clientSecret = lineEdit("oauthClientSecretEdit", oauth.clientSecret);
    m_issuer = lineEdit("oauthIssuerEdit", oauth.issuer);
    m_issuer->setPlaceholderText(tr("https://login.example.net"));
    m_authorizationUrl = lineEdit("oauthAuthorizationUrlEdit", oauth.authorizationUrl);
    m_authorizationUrl->setPlaceholderText(tr("only without an issuer"));
    m_tokenUrl = lineEdit("oauthTokenUrlEdit", oauth.tokenUrl);
    m_tokenUrl->setPlaceholderText(tr("only without an issuer"));
    m_scopes = lineEdit("oauthScopesEdit", oauth.scopes.join(QLatin1Char(' ')));
    m_scopes->setPlaceholderText(tr("empty: offline_access"));
    m_signIn->setObjectName(QStringLiteral("oauthSignInButton"));
    m_cancel->setObjectName(QStringLiteral("oauthCancelButton"));
    m_cancel->hide();
    m_progress->hide();

    m_fields->setObjectName(QStringLiteral("oauthFields"));
    m_fields->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Minimum);
    m_form = new QFormLayout(m_fields);
    m_form->setContentsMargins(0, 0, 0, 0);
    m_form->addRow(tr("P&rovider:"), m_provider);
    m_form->addRow(tr("Directory (tenant):"), m_tenant);
    m_form->addRow(tr("Iss&uer:"), withError(m_issuer, m_issuerError));
    m_form->addRow(tr("Sign-in address:"), m_authorizationUrl);
    m_form->addRow(tr("Token address:"), withError(m_tokenUrl, m_urlError));
    m_form->addRow(tr("Scopes:"), m_scopes);
    m_form->addRow(tr("&Client ID:"), withError(m_clientId, m_clientIdError));
    m_form->addRow(tr("Client s&ecret:"), withError(m_clientSecret, m_clientSecretError));
    m_form->addRow(QString(), m_hint);
    auto *buttons = new QHBoxLayout;
    buttons->setContentsMargins(0, 0, 0, 0);
    buttons->addWidget(m_signIn);
    buttons->addWidget(m_cancel);
    buttons->addStretch();
    m_form->addRow(QString(), buttons);
    m_form->addRow(QString(), m_progress);
    m_form->addRow(QString(), m_status);
    m_form->addRow(QString(), m_result);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_login);
    layout->addWidget(m_loginText);
    layout->addWidget(m_fields);

    connect(m_login, &QComboBox::currentIndexChanged, this, [this] {
        updateFields();
        Q_EMIT loginChanged(isOAuth());
    });
    connect(m_provider, &QComboBox::currentIndexChanged, this, [this] {
        updateFields();
        refreshStatus();
    });
    for (QLineEdit *edit : {m_tenant, m_clientId, m_issuer, m_authorizationUrl, m_tokenUrl})
        connect(edit, &QLineEdit::editingFinished, this, &OAuthOptions::refreshStatus);
    connect(m_signIn, &QPushButton::clicked, this, &OAuthOptions::signIn);
    connect(m_cancel, &QPushButton::clicked, this, &OAuthOptions::cancelSignIn);
    updateFields();
    refreshStatus();
}

OAuthOptions::~OAuthOptions()
{
    if (m_flow)
        m_flow->disconnect(this); // its Cancelled answer must not reach a half-destroyed widget
}

QLineEdit *OAuthOptions::lineEdit(const char *objectName, const QString &text)
{
    auto *edit = new QLineEdit(text);
    edit->setObjectName(QString::fromLatin1(objectName));
    return edit;
}

void OAuthOptions::setLauncher(SignInLauncher *launcher)
{
    m_launcher = launcher;
    refreshStatus();
}

void OAuthOptions::setOAuthOnly()
{
    m_login->setCurrentIndex(m_login->findData(int(UpstreamLogin::OAuth2)));
    m_login->hide();
    m_loginText->hide();
    setTitle(QString());
    setFlat(true);
}

void OAuthOptions::setProvider(const QString &provider)
{
    m_provider->setCurrentIndex(qMax(0, m_provider->findData(provider)));
}

void OAuthOptions::setUser(const QString &user)
{
    if (user == m_user)
        return;
    m_user = user;
    refreshStatus();
}

void OAuthOptions::setNeedsSignInAgain(bool again)
{
    m_needsAgain = again;
    refreshStatus();
}

bool OAuthOptions::isOAuth() const
{
    return UpstreamLogin(m_login->currentData().toInt()) == UpstreamLogin::OAuth2;
}

bool OAuthOptions::isSigningIn() const
{
    return m_flow && m_flow->isRunning();
}

QString OAuthOptions::provider() const
{
    return m_provider->currentData().toString();
}

void OAuthOptions::updateFields()
{
    const bool oauth = isOAuth();
    m_fields->setVisible(oauth);
    m_loginText->setText(
        oauth ? tr("MailShim signs in to the mail server for you. The mail program keeps its user name and may "
                   "send any password: it is not used.")
              : tr("The mail program's password (or the one kept in the keychain) logs in to the mail server. "
                   "Microsoft 365 and Google refuse passwords for most accounts: choose the sign-in for them."));
    const QString chosen = provider();
    const bool custom = chosen == kCustom;
    m_form->setRowVisible(m_tenant, chosen == kMicrosoft);
    m_form->setRowVisible(m_issuer->parentWidget(), custom);
    m_form->setRowVisible(m_authorizationUrl, custom);
    m_form->setRowVisible(m_tokenUrl->parentWidget(), custom);
    m_form->setRowVisible(m_scopes, custom);
    m_form->setRowVisible(m_clientSecret->parentWidget(), chosen != kMicrosoft);
    if (chosen == kMicrosoft)
        m_hint->setText(tr("MailShim needs an application ID from Microsoft. Your administrator registers MailShim "
                           "once in Microsoft Entra ID and gives you its \"Application (client) ID\"; the page "
                           "\"OAuth 2.0 sign-in\" (oauth.md) in MailShim's documentation says how. Directory: leave "
                           "it empty for any account, or enter your organisation's domain if the application is "
                           "registered for it alone."));
    else if (chosen == kGoogle)
        m_hint->setText(tr("In the Google Cloud console, create an OAuth client ID of the type \"Desktop app\" and "
                           "copy its client ID and client secret here; the page \"OAuth 2.0 sign-in\" (oauth.md) in "
                           "MailShim's documentation says how. Google asks for the secret even though a desktop "
                           "program cannot keep it secret."));
    else
        m_hint->setText(tr("Enter your provider's address (issuer), or its sign-in and token addresses, and the "
                           "client ID it gave you for MailShim. Register MailShim as a public (desktop) client that "
                           "may return to http://127.0.0.1 on any port; the page \"OAuth 2.0 sign-in\" (oauth.md) "
                           "in MailShim's documentation says more. A client secret is needed only if the provider "
                           "demands one."));
    m_clientSecret->setPlaceholderText(chosen == kGoogle ? QString() : tr("only if the provider demands one"));
}

OAuthSettings OAuthOptions::settings() const
{
    OAuthSettings s;
    s.provider = provider();
    if (s.provider == kMicrosoft)
        s.tenant = m_tenant->text().trimmed();
    if (s.provider != kMicrosoft)
        s.clientSecret = m_clientSecret->text().trimmed();
    s.clientId = m_clientId->text().trimmed();
    if (s.provider == kCustom) {
        s.issuer = m_issuer->text().trimmed();
        s.authorizationUrl = m_authorizationUrl->text().trimmed();
        s.tokenUrl = m_tokenUrl->text().trimmed();
        s.scopes = m_scopes->text().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    } else if (m_initial.oauth.provider == s.provider) {
        s.scopes = m_initial.oauth.scopes; // set in the file: kept, there is no field for it here
    }
    return s;
}

bool OAuthOptions::validate()
{
    for (QLabel *error : {m_clientIdError, m_clientSecretError, m_issuerError, m_urlError})
        FieldError::set(error, QString());
    if (!isOAuth())
        return true;
    const OAuthSettings s = settings();
    bool ok = true;
    const auto refuse = [&ok](QLabel *label, const QString &text) {
        FieldError::set(label, text);
        ok = false;
    };
    if (s.clientId.isEmpty())
        refuse(m_clientIdError, tr("Enter the client ID of the application registered with the provider (see the "
                                   "note below)."));
    if (s.provider == kGoogle && s.clientSecret.isEmpty())
        refuse(m_clientSecretError, tr("Google demands the client secret that came with the client ID."));
    if (s.provider == kCustom) {
        const auto badUrl = [](const QString &url) { return !url.isEmpty() && !isAcceptableOAuthUrl(QUrl(url)); };
        const QString mustBeHttps = tr("An address must start with https:// (http:// only on this computer).");
        if (s.issuer.isEmpty() && (s.authorizationUrl.isEmpty() || s.tokenUrl.isEmpty()))
            refuse(m_issuerError, tr("Enter the issuer, or both the sign-in address and the token address."));
        else if (badUrl(s.issuer))
            refuse(m_issuerError, mustBeHttps);
        if (badUrl(s.authorizationUrl) || badUrl(s.tokenUrl))
            refuse(m_urlError, mustBeHttps);
    }
    return ok;
}

void OAuthOptions::apply(ListenerConfig *listener) const
{
    listener->login = isOAuth() ? UpstreamLogin::OAuth2 : UpstreamLogin::Password;
    listener->oauth = isOAuth() ? settings() : OAuthSettings{};
}

void OAuthOptions::refreshStatus()
{
    const quint64 query = ++m_statusQuery;
    if (!m_launcher || m_user.isEmpty() || m_clientId->text().trimmed().isEmpty()) {
        m_signedIn = false;
        m_status->setText(SignInText::state(SignInText::State::NotSignedIn));
        Q_EMIT signInStateChanged();
        return;
    }
    m_launcher->checkSignedIn(OAuthAccount{settings(), m_user}, this, [this, query](bool found) {
        if (query != m_statusQuery)
            return;
        m_signedIn = found && !m_needsAgain;
        m_status->setText(SignInText::state(!found         ? SignInText::State::NotSignedIn
                                            : m_needsAgain ? SignInText::State::SignInAgain
                                                           : SignInText::State::SignedIn));
        Q_EMIT signInStateChanged();
    });
}

void OAuthOptions::signIn()
{
    m_result->clear();
    const bool fieldsOk = validate();
    if (m_user.isEmpty()) {
        m_result->setText(tr("Enter the mailbox address as the user name first: it is the account that signs in."));
        return;
    }
    if (!fieldsOk)
        return;
    if (!m_launcher || !m_launcher->available()) {
        m_result->setText(SignInText::unavailable());
        return;
    }
    delete m_flow;
    m_signIn->setEnabled(false);
    m_cancel->show();
    m_progress->setText(SignInText::waiting());
    m_progress->show();
    ++m_statusQuery; // a look-up still on its way must not overwrite what the sign-in says
    m_flow = m_launcher->create(OAuthAccount{settings(), m_user}, this);
    connect(m_flow, &SignInRun::finished, this, &OAuthOptions::onFinished);
    m_flow->start();
}

void OAuthOptions::cancelSignIn()
{
    if (m_flow)
        m_flow->cancel();
}

void OAuthOptions::onFinished(const SignInResult &result)
{
    m_signIn->setEnabled(true);
    m_cancel->hide();
    m_progress->hide();
    m_result->setText(SignInText::result(result, m_user));
    if (m_flow)
        m_flow->deleteLater();
    if (result.status == SignInResult::Status::SignedIn) {
        m_needsAgain = false;
        m_signedIn = true;
        m_status->setText(SignInText::state(SignInText::State::SignedIn));
        Q_EMIT signInStateChanged();
    } else {
        refreshStatus();
    }
}

} // namespace mailshim
