// The SCRAM-SHA-256 verifier a reader's login is created with (issue 16): the
// value PostgreSQL would store for the password, computed here. The expected
// string was computed apart, with Python's hashlib and hmac (RFC 5802's
// SaltedPassword, StoredKey and ServerKey); that the server signs a reader in
// with it is shown by tst_projectserver's role test.
#include "studies/scramverifier.h"

#include <QRegularExpression>
#include <QTest>

using tr::studies::scramSha256Verifier;

class TestScramVerifier : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void matchesAnIndependentComputation()
    {
        QByteArray salt;
        for (char c = 0; c < 16; ++c)
            salt.append(c);
        QCOMPARE(scramSha256Verifier(QStringLiteral("pencil"), salt),
            QStringLiteral("SCRAM-SHA-256$4096:AAECAwQFBgcICQoLDA0ODw==$zHCdol2044/ZyWzPLi7oxApCkamKw9Z+E4U/QApd/5Y=:"
                           "dd5peBOitVnLNFu7VmwP+HiDaaw4OUCv396eVCWhYiE="));
    }

    // A fresh salt each time, and never the password itself.
    void eachVerifierHasItsOwnSalt()
    {
        const QString a = scramSha256Verifier(QStringLiteral("reader one's password"));
        const QString b = scramSha256Verifier(QStringLiteral("reader one's password"));
        QVERIFY(a != b);
        static const QRegularExpression shape(
            QStringLiteral("^SCRAM-SHA-256\\$4096:[A-Za-z0-9+/]{22}==\\$[A-Za-z0-9+/]{43}=:[A-Za-z0-9+/]{43}=$"));
        QVERIFY2(shape.match(a).hasMatch(), qPrintable(a));
        QVERIFY(!a.contains(QStringLiteral("password")));
    }

    // What PostgreSQL's SASLprep does to what it accepts: compatibility forms
    // are folded (a full-width A is an A), so the reader signs in either way.
    void compatibilityFormsAreFolded()
    {
        const QByteArray salt(16, 'x');
        QCOMPARE(scramSha256Verifier(QStringLiteral("\uFF21 reader's password"), salt),
            scramSha256Verifier(QStringLiteral("A reader's password"), salt));
    }
};

QTEST_GUILESS_MAIN(TestScramVerifier)
#include "tst_scramverifier.moc"
