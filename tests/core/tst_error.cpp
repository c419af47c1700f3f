#include "core/result.h"

#include <QtTest>

#include <set>
#include <string>

using namespace tr::core;

class TestError : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void toStringNamesTheSubject()
    {
        const Error e{ErrorCode::NotFound, "/data/scan.nii.gz", "No such file.", {}};
        QCOMPARE(e.toString(), std::string("/data/scan.nii.gz: No such file."));
        const Error bare{ErrorCode::Internal, "", "Something broke.", {}};
        QCOMPARE(bare.toString(), std::string("Something broke."));
    }

    void codeNamesAreDistinct()
    {
        std::set<std::string_view> names;
        const ErrorCode all[] = {ErrorCode::NotFound, ErrorCode::PermissionDenied, ErrorCode::UnsupportedFormat,
            ErrorCode::Truncated, ErrorCode::Corrupt, ErrorCode::TooLarge, ErrorCode::InvalidArgument, ErrorCode::AlreadyExists, ErrorCode::Busy,
            ErrorCode::Io, ErrorCode::Internal};
        for (ErrorCode c : all)
            names.insert(errorCodeName(c));
        QCOMPARE(names.size(), std::size(all));
        QCOMPARE(errorCodeName(ErrorCode::Truncated), std::string_view("truncated"));
    }

    void resultHoldsValue()
    {
        Result<std::string> r(std::string("slice"));
        QVERIFY(r.ok());
        QVERIFY(static_cast<bool>(r));
        QCOMPARE(*r, std::string("slice"));
        QCOMPARE(r->size(), std::size_t{5});
        const std::string moved = std::move(r).value();
        QCOMPARE(moved, std::string("slice"));
    }

    void resultHoldsError()
    {
        Result<int> r(Error{ErrorCode::Corrupt, "a.nii", "Damaged.", "itk says no"});
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, ErrorCode::Corrupt);
        QCOMPARE(r.error().detail, std::string("itk says no"));
        // Asking a failed result for its value is a bug and must not pass silently.
        QVERIFY_THROWS_EXCEPTION(BadResultAccess, (void)r.value());
    }

    void voidResult()
    {
        Result<void> fine;
        QVERIFY(fine.ok());
        Result<void> failed(Error{ErrorCode::Io, "db", "Disk full.", {}});
        QVERIFY(!failed);
        QCOMPARE(failed.error().message, std::string("Disk full."));
    }
};

QTEST_APPLESS_MAIN(TestError)
#include "tst_error.moc"
