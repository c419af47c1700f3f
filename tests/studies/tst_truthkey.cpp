// The project's truth key (studies/truthkey.h): AES-256-GCM against the GCM
// specification's test case 16, authenticated (a changed byte, another key or
// another context is refused), and the key itself: made with the passphrase,
// the same after every unlock and after a new passphrase, stored only
// wrapped, and a damaged setting refused by name.
#include "studyfixture.h"

#include <QtTest>

#include "studies/truthkey.h"

#include <QSqlQuery>

using namespace tr;
using namespace tr::studies;
using namespace tr::studies::testing;

namespace {

QString setting(ProjectDatabase& db, const char* key)
{
    QSqlQuery q(db.db());
    q.prepare(QStringLiteral("SELECT value FROM setting WHERE key = ?"));
    q.addBindValue(QString::fromLatin1(key));
    return q.exec() && q.next() ? q.value(0).toString() : QString();
}

} // namespace

class TestTruthKey : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // McGrew and Viega, "The Galois/Counter Mode of Operation", test case 16
    // (AES-256, 96-bit IV, additional data), in the sealed layout nonce || C || T.
    void opensTheSpecificationsTestCase()
    {
        const QByteArray key = QByteArray::fromHex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308");
        const QByteArray sealed = QByteArray::fromHex(
            "cafebabefacedbaddecaf888"
            "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662"
            "76fc6ece0f4e1768cddf8853bb2d551b");
        const QByteArray aad = QByteArray::fromHex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
        const auto plain = openWithKey(key, sealed, aad, "test case 16");
        QVERIFY2(plain.ok(), plain.ok() ? "" : plain.error().toString().c_str());
        QCOMPARE(plain->toHex(), QByteArray("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39"));
        QVERIFY(!openWithKey(key, sealed, "other context", "test case 16").ok());
    }

    void sealedValuesAreAuthenticated()
    {
        const QByteArray key(kTruthKeyBytes, '\x5a');
        const QByteArray message("pool 2, position 17");
        const QByteArray sealed = sealWithKey(key, message, "image 41");
        QCOMPARE(sealed.size(), message.size() + 12 + 16);
        QVERIFY(!sealed.contains(message));
        QVERIFY(sealWithKey(key, message, "image 41") != sealed); // a fresh nonce each time
        auto opened = openWithKey(key, sealed, "image 41", "image 41");
        QVERIFY(opened.ok());
        QCOMPARE(*opened, message);
        QVERIFY(!openWithKey(key, sealed, "image 42", "image 41").ok()); // moved to another row
        QVERIFY(!openWithKey(QByteArray(kTruthKeyBytes, '\x5b'), sealed, "image 41", "image 41").ok());
        for (int i : {0, 12, int(sealed.size()) - 1}) {
            QByteArray changed = sealed;
            changed[i] = char(changed[i] ^ 1);
            const auto refused = openWithKey(key, changed, "image 41", "image 41");
            QVERIFY(!refused.ok());
            QCOMPARE(refused.error().subject, std::string("image 41"));
        }
        QVERIFY(!openWithKey(key, sealed.left(20), "image 41", "image 41").ok());
    }

    void theKeyOutlivesUnlocksAndANewPassphrase()
    {
        QTemporaryDir dir;
        const QString path = projectLocation(dir, QStringLiteral("k.trproj"));
        auto project = Project::create(path);
        QVERIFY(project.ok());
        auto& db = project->database();
        auto set = setCoordinatorPassphrase(db, QStringLiteral("first passphrase"));
        QVERIFY2(set.ok(), set.ok() ? "" : set.error().toString().c_str());
        const QByteArray key = set->truthKey();
        QCOMPARE(key.size(), kTruthKeyBytes);
        const QString wrapped = setting(db, "truth_key");
        QVERIFY(wrapped.startsWith(QStringLiteral("aes256gcm-pbkdf2-sha256$600000$")));
        QVERIFY(!wrapped.contains(QString::fromLatin1(key.toBase64())) && !wrapped.contains(QString::fromLatin1(key.toHex())));

        auto again = unlockCoordinator(db, QStringLiteral("first passphrase"));
        QVERIFY(again.ok());
        QCOMPARE(again->truthKey(), key);
        QVERIFY(!unlockCoordinator(db, QStringLiteral("not the passphrase")).ok());
        // A new passphrase: the same key, wrapped anew; the old passphrase opens nothing.
        QVERIFY(!setCoordinatorPassphrase(db, QStringLiteral("second passphrase"), QStringLiteral("wrong current")).ok());
        QCOMPARE(setting(db, "truth_key"), wrapped);
        auto changed = setCoordinatorPassphrase(db, QStringLiteral("second passphrase"), QStringLiteral("first passphrase"));
        QVERIFY(changed.ok());
        QCOMPARE(changed->truthKey(), key);
        QVERIFY(setting(db, "truth_key") != wrapped);
        QVERIFY(!unlockCoordinator(db, QStringLiteral("first passphrase")).ok());
        auto later = unlockCoordinator(db, QStringLiteral("second passphrase"));
        QVERIFY(later.ok());
        QCOMPARE(later->truthKey(), key);

        // A damaged setting is named, and the passphrase check alone does not unlock.
        QSqlQuery q(db.db());
        QString damaged = setting(db, "truth_key");
        damaged[damaged.size() - 3] = damaged[damaged.size() - 3] == QLatin1Char('A') ? QLatin1Char('B') : QLatin1Char('A');
        q.prepare(QStringLiteral("UPDATE setting SET value = ? WHERE key = 'truth_key'"));
        q.addBindValue(damaged);
        QVERIFY(q.exec());
        auto refused = unlockCoordinator(db, QStringLiteral("second passphrase"));
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().subject, std::string("truth_key"));
        QVERIFY(QString::fromStdString(refused.error().message).contains(QStringLiteral("backup")));

        // A project from before truth keys: the first unlock makes one, kept from then on.
        QVERIFY(q.exec(QStringLiteral("DELETE FROM setting WHERE key = 'truth_key'")));
        auto first = unlockCoordinator(db, QStringLiteral("second passphrase"));
        QVERIFY(first.ok());
        QCOMPARE(first->truthKey().size(), kTruthKeyBytes);
        QVERIFY(first->truthKey() != key);
        auto next = unlockCoordinator(db, QStringLiteral("second passphrase"));
        QVERIFY(next.ok());
        QCOMPARE(next->truthKey(), first->truthKey());
    }
};

QTEST_GUILESS_MAIN(TestTruthKey)
#include "tst_truthkey.moc"
