#pragma once

// ListenerEditor: the dialog that adds or edits one listener. Every field is checked in the dialog and a
// refusal is shown next to the field; the whole config then goes through the engine's own validation, so
// the dialog cannot save what the engine would refuse. A listener receives mail (POP3) or sends it (SMTP): the modes,
// ports and options follow that choice, and SMTP's own choices are in SmtpOptions. A password typed here goes to the
// keychain only. The login (the password, or a sign-in with the provider: OAuth 2.0) is in OAuthOptions. "Fetch
// certificate" fills in a pin only for a certificate that is not trusted; a trusted one is pinned
// only on request.

#include "core/configloader.h"
#include "setup/probereport.h"

#include <QDialog>
#include <QPointer>
#include <functional>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QFormLayout;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QScrollArea;
class QSpinBox;

namespace mailshim {

class CredentialStore;
class OAuthOptions;
class ServerProbe;
class SignInLauncher;
class SmtpOptions;

class ListenerEditor final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ListenerEditor)

public:
    // others: the other listeners (for name and port clashes). credentials may be null (no keychain built in).
    ListenerEditor(const ListenerConfig &initial, const QList<ListenerConfig> &others, CredentialStore *credentials,
                   QWidget *parent = nullptr);

    // The edited listener, valid after accept().
    ListenerConfig listener() const { return m_result; }
    // Runs every field check and shows the messages; true when nothing blocks saving.
    bool validate();
    // Shows an error from the engine's validation (field path and message) at the top of the dialog.
    void showIssue(const QString &message);
    // Checks the edited listener within the whole config (the engine's validation) before anything is
    // stored; its errors are shown at the top and the dialog stays open.
    using Checker = std::function<QList<ConfigIssue>(const ListenerConfig &listener)>;
    void setChecker(Checker checker) { m_checker = std::move(checker); }

    // Where "Sign in..." runs its browser sign-in (the tray's, which tells the engine); unset: one of the dialog's own
    // over credentials.
    void setSignInLauncher(SignInLauncher *launcher);
    // The engine reported that this listener's account must sign in again.
    void setNeedsSignInAgain(bool again);

    static constexpr quint16 kFourDigitLimit = 9999;

protected:
    void done(int result) override;

private:
    void fitToScreen();
    QWidget *buildServerGroup();
    QWidget *buildAccountGroup();
    QWidget *buildTlsGroup();
    void onSecurityChanged();
    void onProtocolChanged();
    void onLoginChanged();
    void updateSecurityTexts();
    Protocol protocol() const;
    void checkLocalPort();
    void fetchCertificate();
    void onCertificateFetched(const std::optional<CertificateInfo> &info, const QString &error);
    ListenerConfig collect() const;
    void storePasswordThenAccept(const ListenerConfig &config);

    ListenerConfig m_initial;
    QList<ListenerConfig> m_others;
    CredentialStore *m_credentials;
    ListenerConfig m_result;
    Security m_lastSecurity;
    Protocol m_lastProtocol;
    bool m_storing = false;

    QComboBox *m_protocol;
    QFormLayout *m_serverForm = nullptr;
    SmtpOptions *m_smtp = nullptr;
    OAuthOptions *m_oauth = nullptr;
    QFormLayout *m_accountForm = nullptr;
    QGroupBox *m_accountGroup = nullptr;
    QLineEdit *m_name;
    QLabel *m_nameError;
    QSpinBox *m_port;
    QLabel *m_portNote;
    QLineEdit *m_host;
    QLabel *m_hostError;
    QSpinBox *m_serverPort;
    QComboBox *m_security;
    QLabel *m_securityText;
    QLabel *m_securityWarning;
    Checker m_checker;
    QLineEdit *m_user;
    QLabel *m_userError;
    QLineEdit *m_password;
    QCheckBox *m_storedPassword;
    QLabel *m_passwordNote;
    QLineEdit *m_caFile;
    QLabel *m_caFileError;
    QLineEdit *m_pin;
    QLabel *m_pinError;
    QPushButton *m_fetch;
    QLabel *m_certificate;
    // Shown after fetching a trusted certificate: pinning it is the user's explicit choice, since the server's
    // next routine renewal changes the key and a pin would then stop the listener.
    QPushButton *m_pinFetched;
    QByteArray m_fetchedKey;
    QCheckBox *m_routing;
    QLineEdit *m_separator;
    QLabel *m_separatorError;
    QLabel *m_issue;
    QDialogButtonBox *m_buttons;
    QWidget *m_content = nullptr; // the groups, inside m_scroll
    QScrollArea *m_scroll = nullptr;
    ServerProbe *m_probe = nullptr;
};

} // namespace mailshim
