#pragma once

// child<T>(parent, "objectName"): the widget a GUI test or the screenshot tool drives, found by its
// objectName. A missing name is a broken test, so it stops at once with the name instead of crashing later.

#include <QString>
#include <QWidget>

template <typename T> T *child(QWidget &parent, const char *name)
{
    T *widget = parent.findChild<T *>(QString::fromLatin1(name));
    if (!widget)
        qFatal("no widget named %s", name);
    return widget;
}
