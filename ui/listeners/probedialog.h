#pragma once

// ProbeDialog: the main window's Test button. Probes one listener's server in the background with a
// progress bar and shows what was found, without changing anything.

#include "core/config.h"

#include <QDialog>

class QLabel;
class QProgressBar;

namespace mailshim {

class ServerProbe;

class ProbeDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProbeDialog)

public:
    ProbeDialog(const UpstreamConfig &server, QWidget *parent = nullptr);
    void start();

private:
    UpstreamConfig m_server;
    ServerProbe *m_probe;
    QProgressBar *m_progress;
    QLabel *m_step;
    QLabel *m_result;
};

} // namespace mailshim
