#pragma once

// OAuthOptions: the listener editor's "How MailShim logs in" group (POP3 and SMTP), also the setup wizard's sign-in
// page. The login choice (the password, or a sign-in with the provider: OAuth 2.0), and for a sign-in the provider
// (Microsoft 365, Google, Other) with the fields it needs, each explained in plain words; "Sign in..." runs the browser
// sign-in through a SignInLauncher with its progress, a cancel button and the result in words; a status line says
// whether the account is signed in, not yet, or must sign in again.

#include "core/config.h"

#include <QGroupBox>
#include <QPointer>

class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;

namespace mailshim {

class SignInLauncher;
class SignInRun;
struct SignInResult;

class OAuthOptions final : public QGroupBox
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OAuthOptions)

public:
    explicit OAuthOptions(const ListenerConfig &initial, QWidget *parent = nullptr);
    ~OAuthOptions() override;

    // Where sign-ins run; without one, "Sign in..." says signing in is not possible here.
    void setLauncher(SignInLauncher *launcher);
    // The wizard asks for a sign-in only: no password choice.
    void setOAuthOnly();
    // The provider's choice from outside (the wizard guesses it from the mail address): "microsoft", "google",
    // "custom".
    void setProvider(const QString &provider);
    // The account that signs in (the listener's user: the mailbox address).
    void setUser(const QString &user);
    // The engine reported that the provider refused the earlier sign-in.
    void setNeedsSignInAgain(bool again);

    bool isOAuth() const;
    bool isSigningIn() const;
    // True after a sign-in in this dialog ended well (or a stored one was found).
    bool isSignedIn() const { return m_signedIn; }
    OAuthSettings settings() const;
    // Checks the fields of the chosen provider and shows each refusal under its field.
    bool validate();
    // Writes login and oauth into listener.
    void apply(ListenerConfig *listener) const;

Q_SIGNALS:
    void loginChanged(bool oauth);
    // A sign-in ended (well or not), or the stored state was looked up.
    void signInStateChanged();

private:
    QLineEdit *lineEdit(const char *objectName, const QString &text);
    void updateFields();
    void refreshStatus();
    void signIn();
    void cancelSignIn();
    void onFinished(const SignInResult &result);
    QString provider() const;

    ListenerConfig m_initial;
    QPointer<SignInLauncher> m_launcher;
    QPointer<SignInRun> m_flow;
    QString m_user;
    bool m_needsAgain = false;
    bool m_signedIn = false;
    quint64 m_statusQuery = 0; // answers of older status look-ups are dropped

    QComboBox *m_login;
    QLabel *m_loginText;
    QWidget *m_fields;
    QFormLayout *m_form;
    QComboBox *m_provider;
    QLineEdit *m_tenant;
    QLineEdit *m_clientId;
    QLabel *m_clientIdError;
    QLineEdit *m_clientSecret;
    QLabel *m_clientSecretError;
    QLineEdit *m_issuer;
    QLabel *m_issuerError;
    QLineEdit *m_authorizationUrl;
    QLineEdit *m_tokenUrl;
    QLabel *m_urlError;
    QLineEdit *m_scopes;
    QLabel *m_hint;
    QPushButton *m_signIn;
    QPushButton *m_cancel;
    QLabel *m_progress;
    QLabel *m_status;
    QLabel *m_result;
};

} // namespace mailshim
