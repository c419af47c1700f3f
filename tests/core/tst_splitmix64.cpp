#include "core/splitmix64.h"

#include <QtTest>

using namespace tr::core;

class TestSplitMix64 : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // The reference implementation (Vigna, splitmix64.c) seeded with 0.
    void matchesTheReferenceSequence()
    {
        SplitMix64 random(0);
        QCOMPARE(random.next(), std::uint64_t{0xe220a8397b1dcdafULL});
        QCOMPARE(random.next(), std::uint64_t{0x6e789e6aa1b965f4ULL});
        QCOMPARE(random.next(), std::uint64_t{0x06c45d188009454fULL});
    }

    void belowStaysInRangeAndCoversIt()
    {
        SplitMix64 random(42);
        int seen[7] = {};
        for (int i = 0; i < 7000; ++i) {
            const auto r = random.below(7);
            QVERIFY(r < 7);
            ++seen[r];
        }
        for (int count : seen)
            QVERIFY(count > 850 && count < 1150);
    }
};

QTEST_GUILESS_MAIN(TestSplitMix64)
#include "tst_splitmix64.moc"
