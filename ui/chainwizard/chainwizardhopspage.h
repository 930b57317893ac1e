#pragma once

// ChainWizardHopsPage: the hops of the chain, in order. Add, remove and reorder them (drag, or Up/Down), edit
// each one's kind, name, address, port and separator, and see at once the diagram, the user name the mail
// client will send, the recommended order with its reason, and every problem in plain words. "Find free
// ports" moves hops off ports that collide or are taken. Going on writes MailShim's listener.

#include "setup/chainhop.h"
#include "setup/chainmodel.h"

#include <QWizardPage>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;

namespace mailshim {

class ChainWizard;
class ChainWizardDiagram;

class ChainWizardHopsPage final : public QWizardPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChainWizardHopsPage)

public:
    explicit ChainWizardHopsPage(ChainWizard *wizard);
    void initializePage() override;
    bool isComplete() const override;
    bool validatePage() override;

    const QList<ChainHop> &hops() const { return m_hops; }
    const QList<ChainProblem> &problems() const { return m_problems; }

private:
    Chain currentChain() const;
    void addHop();
    void removeHop();
    void move(int delta);
    void useRecommendedOrder();
    void findFreePorts();
    void onRowsMoved();
    void onSelectionChanged();
    void onEdited();
    void rebuildList(int select);
    void refresh();
    QString itemText(int hop) const;
    ChainHop newHop(ChainHopKind kind) const;

    ChainWizard *m_wizard;
    QList<ChainHop> m_hops;
    QList<ChainProblem> m_problems;
    bool m_updating = false;

    QListWidget *m_list;
    QComboBox *m_addKind;
    QPushButton *m_remove;
    QPushButton *m_up;
    QPushButton *m_down;
    QPushButton *m_recommend;
    QComboBox *m_kind;
    QLineEdit *m_name;
    QLineEdit *m_address;
    QSpinBox *m_port;
    QLineEdit *m_separator;
    QCheckBox *m_writePort;
    ChainWizardDiagram *m_diagram;
    QLineEdit *m_userPreview;
    QLabel *m_recommendation;
    QLabel *m_problemsLabel;
    QLabel *m_error;
};

} // namespace mailshim
