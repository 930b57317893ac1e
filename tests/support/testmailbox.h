#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

// The fixed set of test messages and the maildir holding them: the one source of truth for "what the server has",
// so tests compare what a client retrieved byte for byte. Generated deterministically, nothing is checked in.
class TestMailbox
{
public:
    // POP3 message numbers: the file names sort in this order, and Dovecot numbers new maildir files by name.
    enum MessageNumber {
        TinyMessage = 1,   // a few header lines and "hi"
        TextMessage,       // ~4 KiB of text with a folded header
        DotStuffedMessage, // body lines ".x", "..x", "." and "From " that POP3 must dot-stuff
        EightBitMessage,   // raw 0x80-0xff bytes, UTF-8, Latin-1 and ISO-2022-JP (ESC) sequences
        LargeMessage       // >= 20 MiB of seeded pseudo-random 76-column lines
    };
    static constexpr int messageCount() { return LargeMessage; }

    TestMailbox();

    // Exactly as written to disk: LF line ends.
    const QList<QByteArray> &storedMessages() const { return m_stored; }
    // As a POP3 client has a message after RETR once the dot-stuffing is undone: every LF is CRLF.
    const QList<QByteArray> &messages() const { return m_messages; }

    // Replaces whatever is at maildir with a fresh maildir holding all messages (in cur/, flagged seen, so Dovecot
    // never renames them), owned by uid/gid (-1: leave the owner alone).
    bool writeMaildir(const QString &maildir, int uid, int gid, QString *error) const;
    // The same for any messages (as stored: LF line ends), numbered in list order.
    static bool writeMaildir(const QString &maildir, const QList<QByteArray> &storedMessages, int uid, int gid,
                             QString *error);
    // Replaces whatever is at maildir with an empty one.
    static bool writeEmptyMaildir(const QString &maildir, int uid, int gid, QString *error);
    // File names under cur/ and new/ (as "cur/<name>"), sorted: shows whether a DELE'd message was expunged.
    static QStringList messageFiles(const QString &maildir);
    static QString fileName(int messageNumber);

private:
    QList<QByteArray> m_stored;
    QList<QByteArray> m_messages;
};
