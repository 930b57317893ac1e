#pragma once

// WizardProbePage: probes the server in the background with a progress bar, shows what it found in plain
// words, offers the modes that work with the strongest preselected, asks before trusting an unknown
// certificate or going without protection, and creates the listener when the user goes on. A failed test login
// stops the page with the reason: back to the account page, or an explicit "create anyway". The wizard has two: one
// for the incoming server (POP3: 110 and 995) and one for the outgoing server (SMTP: 587 and 465, never plain; a server
// without AUTH gets POP before SMTP through the incoming listener; "skip" when nothing works).

#include "core/config.h"
#include "core/passwordsource.h"

#include <QWizardPage>
#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;

namespace mailshim {

class ServerProbe;
class SetupWizard;
struct ProbeReport;

class WizardProbePage final : public QWizardPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WizardProbePage)

public:
    WizardProbePage(SetupWizard *wizard, Protocol protocol);
    void initializePage() override;
    void cleanupPage() override;
    bool isComplete() const override;
    bool validatePage() override;

    bool probeFinished() const { return m_finished; }
    // The login test was tried and failed: Next waits for "create anyway".
    bool loginFailed() const;
    // Waiting for the keychain: the wizard must not close under it.
    bool isBusy() const { return m_storing; }

private:
    void onFinished(const ProbeReport &report);
    ProbeReport &report() const;
    ListenerConfig &created() const;
    QString portField(bool tls) const;
    void onModeChanged();
    Security chosenMode() const;
    bool chosenNeedsPin() const;
    ListenerConfig buildListener() const;
    void storePasswordThenGoOn(const ListenerConfig &listener);

    SetupWizard *m_wizard;
    Protocol m_protocol;
    ServerProbe *m_probe;
    QProgressBar *m_progress;
    QLabel *m_step;
    QLabel *m_result;
    QComboBox *m_mode;
    QLabel *m_modeText;
    QLabel *m_certificate;
    QCheckBox *m_trust;
    QCheckBox *m_plainConfirm;
    // A refused test login stops here: the reason, a way back to the account page, or "create anyway".
    QLabel *m_loginFailure;
    QPushButton *m_backToAccount;
    QCheckBox *m_createAnyway;
    QCheckBox *m_skip; // SMTP: go on without a sending listener
    bool m_skipOffered = false;
    QLabel *m_error;
    bool m_finished = false;
    bool m_storing = false;
    quint64 m_generation = 0; // bumped when the page is entered or left: late keychain answers are dropped
    std::optional<CredentialKey> m_storedKey; // the password already in the keychain for this listener
};

} // namespace mailshim
