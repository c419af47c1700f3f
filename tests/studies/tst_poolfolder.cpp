// A real pool as a folder of PNG files with manifest.csv, and back into another
// project (the demo's shipped slices come this way): exported and imported
// images are byte-identical with their provenance; a damaged folder is refused
// with the file, line and field named, and nothing is stored.
#include "studyfixture.h"

#include "studies/imagepool.h"
#include "studies/project.h"

#include <QDir>
#include <QFile>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

using namespace tr;
using namespace tr::studies;
using namespace tr::studies::testing;

namespace {

QString readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

void writeAll(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(bytes);
}

} // namespace

class TestPoolFolder : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        m_project = buildStudyProject(m_dir); // 80 real slices
        QVERIFY(!m_project.isEmpty());
        m_folder = m_dir.filePath(QStringLiteral("exported"));
        auto project = Project::open(m_project);
        QVERIFY(project.ok());
        QVERIFY(holdCoordinatorKey(project->database()));
        const auto written = exportRealPool(project->database(), QStringLiteral("real"), m_folder);
        QVERIFY2(written.ok(), written.ok() ? "" : written.error().toString().c_str());
        QCOMPARE(*written, 80);
    }

    void roundTripKeepsImagesAndProvenance()
    {
        const QString manifest = readAll(m_folder + QStringLiteral("/manifest.csv"));
        const QStringList lines = manifest.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 81);
        QVERIFY(lines[1].startsWith(QStringLiteral("0000.png,0,V001,")));

        QTemporaryDir other;
        auto target = Project::create(projectLocation(other, QStringLiteral("t.trproj")));
        QVERIFY(target.ok());
        const auto made = addRealPoolFromFolder(*target, QStringLiteral("shipped"), m_folder, QStringLiteral("a test"));
        QVERIFY2(made.ok(), made.ok() ? "" : made.error().toString().c_str());
        QCOMPARE(made->size, 80);
        QCOMPARE(made->resolution, 64);
        QVERIFY(!made->created);
        QVERIFY2(made->recipe.contains(QStringLiteral("(a test); volumes V001")), qPrintable(made->recipe));

        auto source = Project::open(m_project);
        QVERIFY(source.ok() && holdCoordinatorKey(source->database()));
        const auto before = poolImages(source->database(), QStringLiteral("real"));
        const auto after = poolImages(target->database(), QStringLiteral("shipped"));
        QCOMPARE(after->size(), before->size());
        for (std::size_t i = 0; i < before->size(); ++i)
            QVERIFY(before->at(i).png == after->at(i).png);
        // The grid sample of each image comes along (no volume of this project made it).
        QSqlQuery a(source->database().db()), b(target->database().db());
        QVERIFY(a.exec(QStringLiteral("SELECT grid_index, lr_deg, ap_deg, cc_deg, offset_mm, flipped FROM image i "
                                      "JOIN image_pool p ON p.id = i.pool_id WHERE p.name = 'real' ORDER BY position")));
        QVERIFY(b.exec(QStringLiteral("SELECT grid_index, lr_deg, ap_deg, cc_deg, offset_mm, flipped, volume_id, subject "
                                      "FROM image ORDER BY position")));
        while (a.next()) {
            QVERIFY(b.next());
            for (int c = 0; c < 6; ++c)
                QCOMPARE(b.value(c).toDouble(), a.value(c).toDouble());
            QVERIFY(b.value(6).isNull());
            // Its subject, by the manifest's pseudonym (checks hold subjects out by it).
            QCOMPARE(b.value(7).toString(), QStringLiteral("V001"));
        }
        // Exported again, the manifest still names the subject.
        const QString again = other.filePath(QStringLiteral("again"));
        QVERIFY(exportRealPool(target->database(), QStringLiteral("shipped"), again).ok());
        QVERIFY(readAll(again + QStringLiteral("/manifest.csv")).split(QLatin1Char('\n'))[1].startsWith(QStringLiteral("0000.png,0,V001,")));
        // A created pool is not exported as a real one.
        const auto refused = exportRealPool(source->database(), QStringLiteral("created"), other.filePath(QStringLiteral("x")));
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().subject, std::string("pool"));
    }

    // Each damage names what is wrong, and the target project keeps no pool.
    void damagedFoldersAreNamed_data()
    {
        QTest::addColumn<QString>("damage");
        QTest::addColumn<QString>("subject");
        QTest::addColumn<QString>("message");
        QTest::newRow("no manifest") << "no-manifest" << "manifest.csv" << "No manifest here";
        QTest::newRow("header") << "header" << "manifest.csv" << "line 1: the header must be";
        QTest::newRow("changed image") << "changed-image" << "0003.png" << "SHA-256 is not the manifest's (line 5";
        QTest::newRow("missing image") << "missing-image" << "0002.png" << "cannot be read";
        QTest::newRow("path in name") << "path" << "manifest.csv" << "line 2, field 'file': '../0000.png' is not a PNG file name";
        QTest::newRow("bad number") << "number" << "manifest.csv" << "line 3, field 'lr_deg': 'left' is not a number";
        QTest::newRow("short line") << "short" << "manifest.csv" << "line 4: 3 fields where the header has 10";
        QTest::newRow("twice") << "twice" << "manifest.csv" << "line 3, field 'file': '0000.png' is listed twice";
    }
    void damagedFoldersAreNamed()
    {
        QFETCH(QString, damage);
        QFETCH(QString, subject);
        QFETCH(QString, message);
        QTemporaryDir work;
        const QString folder = work.filePath(QStringLiteral("pool"));
        QDir().mkpath(folder);
        for (const QString& f : QDir(m_folder).entryList(QDir::Files))
            QVERIFY(QFile::copy(m_folder + QLatin1Char('/') + f, folder + QLatin1Char('/') + f));
        const QString manifestPath = folder + QStringLiteral("/manifest.csv");
        QStringList lines = readAll(manifestPath).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        if (damage == QLatin1String("no-manifest"))
            QFile::remove(manifestPath);
        else if (damage == QLatin1String("header"))
            lines[0] = QStringLiteral("file,volume");
        else if (damage == QLatin1String("changed-image")) {
            QFile f(folder + QStringLiteral("/0003.png"));
            QVERIFY(f.open(QIODevice::ReadWrite));
            QByteArray bytes = f.readAll();
            bytes[bytes.size() / 2] = char(bytes[bytes.size() / 2] ^ 1);
            f.seek(0);
            f.write(bytes);
        } else if (damage == QLatin1String("missing-image"))
            QFile::remove(folder + QStringLiteral("/0002.png"));
        else if (damage == QLatin1String("path"))
            lines[1].replace(0, 8, QStringLiteral("../0000.png"));
        else if (damage == QLatin1String("number")) {
            QStringList f = lines[2].split(QLatin1Char(','));
            f[4] = QStringLiteral("left");
            lines[2] = f.join(QLatin1Char(','));
        } else if (damage == QLatin1String("short"))
            lines[3] = QStringLiteral("0002.png,2,V001");
        else if (damage == QLatin1String("twice"))
            lines[2] = lines[1];
        if (damage != QLatin1String("no-manifest") && damage != QLatin1String("changed-image")
            && damage != QLatin1String("missing-image"))
            writeAll(manifestPath, (lines.join(QLatin1Char('\n')) + QLatin1Char('\n')).toUtf8());

        auto target = Project::create(projectLocation(work, QStringLiteral("t.trproj")));
        QVERIFY(target.ok());
        const auto made = addRealPoolFromFolder(*target, QStringLiteral("shipped"), folder, QStringLiteral("a test"));
        QVERIFY(!made.ok());
        QVERIFY2(QString::fromStdString(made.error().subject).endsWith(subject), made.error().toString().c_str());
        QVERIFY2(QString::fromStdString(made.error().message).contains(message), made.error().toString().c_str());
        QCOMPARE(pools(target->database())->size(), std::size_t{0});
    }

private:
    QTemporaryDir m_dir;
    QString m_project, m_folder;
};

QTEST_MAIN(TestPoolFolder)
#include "tst_poolfolder.moc"
