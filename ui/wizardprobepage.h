#pragma once

// WizardProbePage: probes the server in the background with a progress bar, shows what it found in plain
// words, offers the modes that work with the strongest preselected, asks before trusting an unknown
// certificate or going without protection, and creates the listener when the user goes on.

#include "config.h"

#include <QWizardPage>

class QCheckBox;
class QComboBox;
class QLabel;
class QProgressBar;

namespace mailshim {

class ServerProbe;
class SetupWizard;
struct ProbeReport;

class WizardProbePage final : public QWizardPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WizardProbePage)

public:
    explicit WizardProbePage(SetupWizard *wizard);
    void initializePage() override;
    void cleanupPage() override;
    bool isComplete() const override;
    bool validatePage() override;

    bool probeFinished() const { return m_finished; }

private:
    void onFinished(const ProbeReport &report);
    void onModeChanged();
    Security chosenMode() const;
    bool chosenNeedsPin() const;
    ListenerConfig buildListener() const;
    bool storePassword(const ListenerConfig &listener, QString *error);

    SetupWizard *m_wizard;
    ServerProbe *m_probe;
    QProgressBar *m_progress;
    QLabel *m_step;
    QLabel *m_result;
    QComboBox *m_mode;
    QLabel *m_modeText;
    QCheckBox *m_trust;
    QCheckBox *m_plainConfirm;
    QLabel *m_error;
    bool m_finished = false;
};

} // namespace mailshim
