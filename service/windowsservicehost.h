#pragma once

// WindowsServiceHost (Windows only): the part of mailshim-service that the service control manager
// talks to. run() connects to the SCM (StartServiceCtrlDispatcher), reports START_PENDING with a wait
// hint, calls qtMain on the service thread (it creates the QCoreApplication, starts the engine, calls
// reportRunning() and runs the event loop), turns SERVICE_CONTROL_STOP / SHUTDOWN into a queued
// QCoreApplication::quit() while reporting STOP_PENDING, and reports STOPPED with qtMain's exit code.

#include <QString>
#include <functional>

namespace mailshim::WindowsServiceHost {

// The service's name in the SCM, also used for the event log source.
inline constexpr wchar_t kServiceName[] = L"MailShim";

// Blocks until the service stops; returns qtMain's exit code. Returns -1 and sets *error when this process
// was not started by the SCM (ERROR_FAILED_SERVICE_CONTROLLER_CONNECT: someone ran --service by hand).
int run(int argc, char **argv, const std::function<int(int, char **)> &qtMain, QString *error);

// Called by qtMain once the engine runs: reports SERVICE_RUNNING, accepting stop and shutdown.
void reportRunning();

} // namespace mailshim::WindowsServiceHost
