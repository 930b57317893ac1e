#include "testmailbox.h"

#include <QDir>
#include <QFile>
#include <cerrno>
#include <cstring>
#include <unistd.h>

namespace {

QByteArray headers(int number, const QByteArray &subject, const QByteArray &extra = QByteArray())
{
    QByteArray text = QByteArrayLiteral(R"(Return-Path: <sender@example.org>
Message-ID: <mailshim-test-@N@@example.org>
Date: Tue, 14 Nov 2023 22:13:2@N@ +0000
From: Sender <sender@example.org>
To: Alice <alice@example.org>
Subject: @SUBJECT@
)");
    return text.replace("@N@", QByteArray::number(number)).replace("@SUBJECT@", subject) + extra + '\n';
}

QByteArray tinyMessage()
{
    return headers(1, QByteArrayLiteral("tiny")) + QByteArrayLiteral("hi\n");
}

QByteArray textMessage()
{
    // A folded header line: a forwarder must not treat the continuation as a new header.
    QByteArray message = headers(2, QByteArrayLiteral("about four kilobytes of text"),
                                 QByteArrayLiteral("X-Folded: first part of a long header\n"
                                                   "\tsecond part, after a tab\n"
                                                   "Content-Type: text/plain; charset=us-ascii\n"));
    const QByteArray words = QByteArrayLiteral("Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do "
                                               "eiusmod tempor incididunt ut labore et dolore magna aliqua.");
    for (int line = 1; message.size() < 4096; ++line) {
        message += QByteArray::number(line).rightJustified(3, '0') + ' ' + words.left(60 + line % 12) + '\n';
    }
    return message;
}

QByteArray dotStuffedMessage()
{
    return headers(3, QByteArrayLiteral("dot-stuffing")) + QByteArrayLiteral(R"(.leading dot
..two leading dots
.
..
...
. dot and space
From the start of a line
middle . dot

.
last line
)");
}

QByteArray eightBitMessage()
{
    QByteArray body = QByteArrayLiteral("UTF-8: Gr\xc3\xbc\xc3\x9f"
                                        "e, caf\xc3\xa9, \xe2\x82\xac\n"
                                        "Latin-1: Gr\xfc\xdf"
                                        "e, caf\xe9\n"
                                        "ISO-2022-JP: \x1b$B$3$s$K$A$O\x1b(B\n");
    // Every byte from 0x80 to 0xff, 32 to a line, so no octet above 0x7f is left untested.
    for (int row = 0; row < 4; ++row) {
        for (int column = 0; column < 32; ++column) {
            body += char(0x80 + row * 32 + column);
        }
        body += '\n';
    }
    return headers(4, QByteArrayLiteral("8-bit body"),
                   QByteArrayLiteral("MIME-Version: 1.0\n"
                                     "Content-Type: text/plain; charset=utf-8\n"
                                     "Content-Transfer-Encoding: 8bit\n")) +
           body;
}

QByteArray largeMessage()
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    constexpr int minimumSize = 20 * 1024 * 1024;
    constexpr int lineLength = 76;
    QByteArray message = headers(5, QByteArrayLiteral("twenty megabytes"));
    message.reserve(minimumSize + 2 * (lineLength + 1));
    // xorshift32 with a fixed seed: the same bytes on every run and machine, but no repetition a buffer bug could
    // hide behind.
    quint32 state = 0x4d61696cu;
    for (int line = 0; message.size() < minimumSize; ++line) {
        // Every 1000th line starts with a dot, so dot-stuffing is also exercised deep inside a long transfer.
        int column = 0;
        if (line % 1000 == 999) {
            message += '.';
            column = 1;
        }
        for (; column < lineLength; ++column) {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            message += alphabet[state % 64];
        }
        message += '\n';
    }
    return message;
}

bool writeFile(const QString &fileName, const QByteArray &content, int uid, int gid, QString *error)
{
    QFile file(fileName);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(content) != content.size()) {
        *error = QStringLiteral("cannot write %1: %2").arg(fileName, file.errorString());
        return false;
    }
    file.close();
    if (uid >= 0 && ::chown(QFile::encodeName(fileName).constData(), uid_t(uid), gid_t(gid)) != 0) {
        *error = QStringLiteral("cannot chown %1: %2").arg(fileName, QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    return true;
}

bool makeDirectory(const QString &path, int uid, int gid, QString *error)
{
    if (!QDir().mkpath(path)) {
        *error = QStringLiteral("cannot create directory %1").arg(path);
        return false;
    }
    QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner |
                                    QFileDevice::ReadGroup | QFileDevice::ExeGroup | QFileDevice::ReadOther |
                                    QFileDevice::ExeOther);
    if (uid >= 0 && ::chown(QFile::encodeName(path).constData(), uid_t(uid), gid_t(gid)) != 0) {
        *error = QStringLiteral("cannot chown %1: %2").arg(path, QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    return true;
}

} // namespace

TestMailbox::TestMailbox()
{
    m_stored = {tinyMessage(), textMessage(), dotStuffedMessage(), eightBitMessage(), largeMessage()};
    for (QByteArray message : m_stored) {
        m_messages.append(message.replace("\n", "\r\n"));
    }
}

QString TestMailbox::fileName(int messageNumber)
{
    // <time>.M<usec>P<pid>.<host>:2,S — Dovecot sorts new files by the leading time, then the rest of the name.
    return QStringLiteral("%1.M%2P1.mailshim:2,S").arg(1700000000 + messageNumber).arg(messageNumber);
}

bool TestMailbox::writeEmptyMaildir(const QString &maildir, int uid, int gid, QString *error)
{
    // Dovecot's uidlist and indexes live beside cur/: removing them too restarts the numbering from 1.
    if (QFile::exists(maildir) && !QDir(maildir).removeRecursively()) {
        *error = QStringLiteral("cannot remove %1").arg(maildir);
        return false;
    }
    for (const QString &sub : {QString(), QStringLiteral("/cur"), QStringLiteral("/new"), QStringLiteral("/tmp")}) {
        if (!makeDirectory(maildir + sub, uid, gid, error)) {
            return false;
        }
    }
    return true;
}

bool TestMailbox::writeMaildir(const QString &maildir, int uid, int gid, QString *error) const
{
    return writeMaildir(maildir, m_stored, uid, gid, error);
}

bool TestMailbox::writeMaildir(const QString &maildir, const QList<QByteArray> &storedMessages, int uid, int gid,
                               QString *error)
{
    if (!writeEmptyMaildir(maildir, uid, gid, error)) {
        return false;
    }
    for (int i = 0; i < storedMessages.size(); ++i) {
        if (!writeFile(maildir + QStringLiteral("/cur/") + fileName(i + 1), storedMessages.at(i), uid, gid, error)) {
            return false;
        }
    }
    return true;
}

QStringList TestMailbox::messageFiles(const QString &maildir)
{
    QStringList files;
    for (const QString &sub : {QStringLiteral("cur"), QStringLiteral("new")}) {
        const QStringList names = QDir(maildir + QLatin1Char('/') + sub).entryList(QDir::Files, QDir::Name);
        for (const QString &name : names) {
            files << sub + QLatin1Char('/') + name;
        }
    }
    files.sort();
    return files;
}
