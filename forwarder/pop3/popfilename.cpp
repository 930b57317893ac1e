#include "pop3/popfilename.h"

namespace mailshim::PopfileName {

qsizetype hostEnd(QByteArrayView name, QByteArrayView separators)
{
    if (name.startsWith('[')) {
        const qsizetype close = name.indexOf(']');
        if (close < 0 || close + 1 >= name.size() || !separators.contains(name.at(close + 1)))
            return -1;
        return close + 1;
    }
    for (qsizetype i = 0; i < name.size(); ++i) {
        if (separators.contains(name.at(i)))
            return i;
    }
    return -1;
}

qsizetype portDigits(QByteArrayView rest, char separator)
{
    const qsizetype end = rest.indexOf(separator);
    if (end < 1 || end > 5)
        return 0;
    for (qsizetype i = 0; i < end; ++i) {
        if (rest.at(i) < '0' || rest.at(i) > '9')
            return 0;
    }
    return end;
}

} // namespace mailshim::PopfileName
