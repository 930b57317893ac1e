#include "ui/chainwizard/chainwizardhopspage.h"

#include "service/control/enginebackend.h"
#include "ui/chainwizard/chainwizard.h"
#include "ui/chainwizard/chainwizarddiagram.h"
#include "ui/chainwizard/chainwizardtext.h"
#include "ui/common/fielderror.h"

#include <QAbstractItemModel>
#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace mailshim {

namespace {
constexpr int kHopRole = Qt::UserRole + 1;
const ChainHopKind kKinds[] = {ChainHopKind::PopFile, ChainHopKind::Scanner, ChainHopKind::Forwarder,
                               ChainHopKind::MailShim};
} // namespace

ChainWizardHopsPage::ChainWizardHopsPage(ChainWizard *wizard)
    : QWizardPage(wizard), m_wizard(wizard), m_list(new QListWidget), m_addKind(new QComboBox),
      m_remove(new QPushButton(tr("&Remove"))), m_up(new QPushButton(tr("&Up"))), m_down(new QPushButton(tr("&Down"))),
      m_recommend(new QPushButton(tr("Use the recommended &order"))), m_kind(new QComboBox), m_name(new QLineEdit),
      m_address(new QLineEdit), m_port(new QSpinBox), m_separator(new QLineEdit), m_writePort(new QCheckBox),
      m_diagram(new ChainWizardDiagram), m_userPreview(new QLineEdit), m_recommendation(new QLabel),
      m_problemsLabel(new QLabel), m_error(FieldError::create(QStringLiteral("chainSaveError")))
{
    setObjectName(QStringLiteral("chainHopsPage"));
    setTitle(tr("The proxies between your mail program and the server"));
    setSubTitle(tr("List every local POP3 proxy in the path, in the order the mail program reaches them."));

    m_list->setObjectName(QStringLiteral("chainHopList"));
    m_list->setDragDropMode(QAbstractItemView::InternalMove);
    m_list->setDefaultDropAction(Qt::MoveAction);
    m_list->setMaximumHeight(110);
    m_addKind->setObjectName(QStringLiteral("chainAddKind"));
    m_kind->setObjectName(QStringLiteral("chainHopKind"));
    for (ChainHopKind kind : kKinds) {
        m_addKind->addItem(ChainWizardText::kindLabel(kind), int(kind));
        m_kind->addItem(ChainWizardText::kindLabel(kind), int(kind));
    }
    auto *add = new QPushButton(tr("&Add"));
    add->setObjectName(QStringLiteral("chainAddHop"));
    m_remove->setObjectName(QStringLiteral("chainRemoveHop"));
    m_up->setObjectName(QStringLiteral("chainMoveUp"));
    m_down->setObjectName(QStringLiteral("chainMoveDown"));
    m_recommend->setObjectName(QStringLiteral("chainRecommendedOrder"));
    auto *findPorts = new QPushButton(tr("Find &free ports"));
    findPorts->setObjectName(QStringLiteral("chainFindPorts"));
    m_name->setObjectName(QStringLiteral("chainHopName"));
    m_address->setObjectName(QStringLiteral("chainHopAddress"));
    m_port->setObjectName(QStringLiteral("chainHopPort"));
    m_port->setRange(0, 65535);
    m_port->setSpecialValueText(tr("not set"));
    m_separator->setObjectName(QStringLiteral("chainHopSeparator"));
    m_separator->setMaxLength(1);
    m_separator->setMaximumWidth(40);
    m_writePort->setObjectName(QStringLiteral("chainHopWritePort"));
    m_writePort->setText(tr("Write the port even when it is 110"));
    m_userPreview->setObjectName(QStringLiteral("chainUserPreview"));
    m_userPreview->setReadOnly(true);
    m_recommendation->setObjectName(QStringLiteral("chainRecommendation"));
    m_recommendation->setWordWrap(true);
    m_problemsLabel->setObjectName(QStringLiteral("chainProblems"));
    m_problemsLabel->setWordWrap(true);
    m_problemsLabel->setTextFormat(Qt::RichText);

    auto *listButtons = new QGridLayout;
    listButtons->addWidget(m_addKind, 0, 0, 1, 2);
    listButtons->addWidget(add, 0, 2);
    listButtons->addWidget(m_up, 1, 0);
    listButtons->addWidget(m_down, 1, 1);
    listButtons->addWidget(m_remove, 1, 2);
    listButtons->addWidget(m_recommend, 2, 0, 1, 2);
    listButtons->addWidget(findPorts, 2, 2);
    auto *editor = new QGroupBox(tr("Selected hop"));
    auto *form = new QFormLayout(editor);
    form->addRow(tr("Kind:"), m_kind);
    form->addRow(tr("Name:"), m_name);
    auto *where = new QHBoxLayout;
    where->addWidget(m_address, 1);
    where->addWidget(new QLabel(tr("port")));
    where->addWidget(m_port);
    form->addRow(tr("Listens on:"), where);
    auto *separatorRow = new QHBoxLayout;
    separatorRow->addWidget(m_separator);
    separatorRow->addWidget(m_writePort, 1);
    form->addRow(tr("Separator:"), separatorRow);
    auto *top = new QHBoxLayout;
    auto *left = new QVBoxLayout;
    left->addWidget(m_list);
    left->addLayout(listButtons);
    top->addLayout(left, 1);
    top->addWidget(editor, 1);
    auto *preview = new QFormLayout;
    preview->addRow(tr("User name for the mail program:"), m_userPreview);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_diagram);
    layout->addLayout(preview);
    layout->addWidget(m_recommendation);
    layout->addWidget(m_problemsLabel);
    layout->addWidget(m_error);
    layout->addStretch();

    connect(add, &QPushButton::clicked, this, &ChainWizardHopsPage::addHop);
    connect(m_remove, &QPushButton::clicked, this, &ChainWizardHopsPage::removeHop);
    connect(m_up, &QPushButton::clicked, this, [this] { move(-1); });
    connect(m_down, &QPushButton::clicked, this, [this] { move(1); });
    connect(m_recommend, &QPushButton::clicked, this, &ChainWizardHopsPage::useRecommendedOrder);
    connect(findPorts, &QPushButton::clicked, this, &ChainWizardHopsPage::findFreePorts);
    // A drop reorders the items; the hop list follows once the model has settled.
    connect(m_list->model(), &QAbstractItemModel::rowsMoved, this, &ChainWizardHopsPage::onRowsMoved,
            Qt::QueuedConnection);
    connect(m_list, &QListWidget::currentRowChanged, this, &ChainWizardHopsPage::onSelectionChanged);
    connect(m_kind, &QComboBox::currentIndexChanged, this, &ChainWizardHopsPage::onEdited);
    connect(m_name, &QLineEdit::textChanged, this, &ChainWizardHopsPage::onEdited);
    connect(m_address, &QLineEdit::textChanged, this, &ChainWizardHopsPage::onEdited);
    connect(m_port, &QSpinBox::valueChanged, this, &ChainWizardHopsPage::onEdited);
    connect(m_separator, &QLineEdit::textChanged, this, &ChainWizardHopsPage::onEdited);
    connect(m_writePort, &QCheckBox::toggled, this, &ChainWizardHopsPage::onEdited);
}

ChainHop ChainWizardHopsPage::newHop(ChainHopKind kind) const
{
    ChainHop hop;
    hop.kind = kind;
    hop.name = ChainWizardText::defaultName(kind);
    // The ports these programs use out of the box; "Find free ports" moves them when they collide.
    hop.port = kind == ChainHopKind::PopFile || kind == ChainHopKind::Scanner ? 110 : 0;
    hop.separator = ':';
    return hop;
}

void ChainWizardHopsPage::initializePage()
{
    FieldError::set(m_error, QString());
    m_hops = m_wizard->chain.hops;
    if (ChainModel::mailShimIndex(m_wizard->chain) < 0) {
        ChainHop mailShim = newHop(ChainHopKind::MailShim);
        for (const ListenerConfig &listener : m_wizard->backend()->config().listeners) {
            if (listener.name == m_wizard->updatedListener) {
                mailShim.port = listener.port;
                mailShim.address = listener.address.toString();
            }
        }
        m_hops.append(mailShim); // next to the server: where its encryption belongs
    }
    Chain chain = currentChain();
    for (const ChainHop &hop : m_hops) {
        if (!hop.port) { // only what has no port yet; collisions are shown, and moved on request
            ChainModel::assignFreePorts(&chain, m_wizard->context());
            m_hops = chain.hops;
            break;
        }
    }
    rebuildList(int(m_hops.size()) - 1);
}

Chain ChainWizardHopsPage::currentChain() const
{
    Chain chain = m_wizard->chain;
    chain.hops = m_hops;
    return chain;
}

QString ChainWizardHopsPage::itemText(int hop) const
{
    const ChainHop &h = m_hops.at(hop);
    return QStringLiteral("%1. %2 — %3:%4")
        .arg(hop + 1)
        .arg(ChainWizardText::hopName(currentChain(), hop), h.address, h.port ? QString::number(h.port) : tr("?"));
}

void ChainWizardHopsPage::rebuildList(int select)
{
    m_updating = true;
    m_list->clear();
    for (int i = 0; i < m_hops.size(); ++i) {
        auto *item = new QListWidgetItem(itemText(i), m_list);
        item->setData(kHopRole, i);
    }
    m_updating = false;
    m_list->setCurrentRow(qBound(-1, select, int(m_hops.size()) - 1));
    onSelectionChanged();
    refresh();
}

void ChainWizardHopsPage::addHop()
{
    const auto kind = ChainHopKind(m_addKind->currentData().toInt());
    // A new proxy goes before MailShim: scanners belong in front of the encryption.
    const int mailShim = ChainModel::mailShimIndex(currentChain());
    const int at = kind == ChainHopKind::MailShim || mailShim < 0 ? int(m_hops.size()) : mailShim;
    m_hops.insert(at, newHop(kind));
    rebuildList(at);
}

void ChainWizardHopsPage::removeHop()
{
    const int row = m_list->currentRow();
    if (row < 0)
        return;
    m_hops.removeAt(row);
    rebuildList(row);
}

void ChainWizardHopsPage::move(int delta)
{
    const int row = m_list->currentRow();
    const int to = row + delta;
    if (row < 0 || to < 0 || to >= m_hops.size())
        return;
    m_hops.move(row, to);
    rebuildList(to);
}

void ChainWizardHopsPage::onRowsMoved()
{
    QList<ChainHop> reordered;
    for (int row = 0; row < m_list->count(); ++row)
        reordered.append(m_hops.at(m_list->item(row)->data(kHopRole).toInt()));
    m_hops = reordered;
    rebuildList(m_list->currentRow());
}

void ChainWizardHopsPage::useRecommendedOrder()
{
    m_hops = ChainModel::recommendedOrder(m_hops);
    rebuildList(m_list->currentRow());
}

void ChainWizardHopsPage::findFreePorts()
{
    Chain chain = currentChain();
    ChainModel::assignFreePorts(&chain, m_wizard->context());
    m_hops = chain.hops;
    rebuildList(m_list->currentRow());
}

void ChainWizardHopsPage::onSelectionChanged()
{
    if (m_updating)
        return;
    const int row = m_list->currentRow();
    const bool has = row >= 0 && row < m_hops.size();
    for (QWidget *w : std::initializer_list<QWidget *>{m_kind, m_name, m_address, m_port, m_separator, m_writePort,
                                                       m_remove, m_up, m_down})
        w->setEnabled(has);
    if (!has)
        return;
    m_updating = true;
    const ChainHop &h = m_hops.at(row);
    m_kind->setCurrentIndex(m_kind->findData(int(h.kind)));
    m_name->setText(h.name);
    m_address->setText(h.address);
    m_port->setValue(h.port);
    m_separator->setText(QString(QLatin1Char(h.separator)));
    m_writePort->setChecked(h.writeDefaultPort);
    m_writePort->setVisible(h.kind == ChainHopKind::PopFile);
    m_separator->setEnabled(ChainModel::takesTarget(currentChain(), row));
    m_up->setEnabled(row > 0);
    m_down->setEnabled(row + 1 < m_hops.size());
    m_updating = false;
}

void ChainWizardHopsPage::onEdited()
{
    const int row = m_list->currentRow();
    if (m_updating || row < 0 || row >= m_hops.size())
        return;
    ChainHop &h = m_hops[row];
    h.kind = ChainHopKind(m_kind->currentData().toInt());
    h.name = m_name->text().trimmed();
    h.address = m_address->text().trimmed();
    h.port = quint16(m_port->value());
    const QString separator = m_separator->text();
    if (separator.size() == 1 && separator.at(0).unicode() > 32 && separator.at(0).unicode() < 127)
        h.separator = separator.at(0).toLatin1();
    h.writeDefaultPort = m_writePort->isChecked();
    m_list->item(row)->setText(itemText(row));
    m_writePort->setVisible(h.kind == ChainHopKind::PopFile);
    m_separator->setEnabled(ChainModel::takesTarget(currentChain(), row));
    refresh();
}

void ChainWizardHopsPage::refresh()
{
    const Chain chain = currentChain();
    m_problems = ChainModel::problems(chain, m_wizard->context());
    m_diagram->setChain(chain, m_problems);
    m_userPreview->setText(QString::fromUtf8(ChainModel::clientUserName(chain)));
    const bool recommended = ChainModel::isRecommendedOrder(m_hops);
    m_recommend->setEnabled(!recommended);
    m_recommendation->setText(
        recommended
            ? tr("The order is the recommended one.") + QLatin1Char(' ') + ChainWizardText::recommendationReason()
            : tr("Another order is recommended.") + QLatin1Char(' ') + ChainWizardText::recommendationReason());
    QStringList lines;
    if (ChainModel::mailShimIndex(chain) < 0)
        lines << QStringLiteral("<span style='color:#c62828'>%1</span>")
                     .arg(tr("Add MailShim to the chain: it is the hop this wizard sets up.").toHtmlEscaped());
    for (const ChainProblem &p : m_problems) {
        const bool error = p.severity == ChainProblem::Severity::Error;
        lines << QStringLiteral("<span style='color:%1'>%2 %3</span>")
                     .arg(error ? QStringLiteral("#c62828") : QStringLiteral("#b26a00"),
                          error ? tr("Problem:") : tr("Warning:"), ChainWizardText::problem(chain, p).toHtmlEscaped());
    }
    m_problemsLabel->setText(lines.isEmpty() ? tr("No problems found.") : lines.join(QStringLiteral("<br>")));
    Q_EMIT completeChanged();
}

bool ChainWizardHopsPage::isComplete() const
{
    const Chain chain = currentChain();
    return ChainModel::mailShimIndex(chain) >= 0 && !ChainModel::hasErrors(m_problems);
}

bool ChainWizardHopsPage::validatePage()
{
    const Chain chain = currentChain();
    const int m = ChainModel::mailShimIndex(chain);
    if (m < 0 || ChainModel::hasErrors(ChainModel::problems(chain, m_wizard->context())))
        return false;
    Config config = m_wizard->backend()->config();
    ListenerConfig base;
    int replace = -1;
    for (int i = 0; i < config.listeners.size(); ++i) {
        if (config.listeners.at(i).name == m_wizard->updatedListener) {
            base = config.listeners.at(i);
            replace = i;
        }
    }
    if (replace < 0) {
        base.name = tr("chain to %1").arg(chain.server.host);
        for (int n = 2; std::any_of(config.listeners.begin(), config.listeners.end(),
                                    [&](const ListenerConfig &l) { return l.name == base.name; });
             ++n)
            base.name = tr("chain to %1 (%2)").arg(chain.server.host).arg(n);
    }
    const ListenerConfig listener = ChainModel::mailShimListener(chain, m, base);
    if (replace < 0)
        config.listeners.append(listener);
    else
        config.listeners[replace] = listener;
    const QList<ConfigIssue> issues = m_wizard->backend()->setConfig(config);
    if (!issues.isEmpty()) {
        QStringList lines;
        for (const ConfigIssue &issue : issues)
            lines << issue.translated();
        FieldError::set(m_error,
                        tr("MailShim's listener could not be saved: %1").arg(lines.join(QStringLiteral("; "))));
        return false;
    }
    FieldError::set(m_error, QString());
    m_wizard->chain = chain;
    m_wizard->written = listener;
    m_wizard->updatedListener = listener.name; // Back and Next again update it instead of adding another
    return true;
}

} // namespace mailshim
