using DanVan.Adapters.Errors;
using Microsoft.Extensions.Localization;

namespace DanVan.Hub.Web.Layout;

/// <summary>What each violation code says next to its field: the stable codes the RPCs return, in the reader's language.</summary>
public sealed class ViolationMessages(IStringLocalizer<Text> text)
{
    private static readonly Dictionary<string, string> Vietnamese = new()
    {
        [ViolationCodes.TextRequired] = "Chưa nhập nội dung này.",
        [ViolationCodes.TextTooLong] = "Nội dung dài quá mức cho phép.",
        [ViolationCodes.ChoiceRequired] = "Chưa chọn.",
        [ViolationCodes.ChoiceUnknown] = "Lựa chọn không hợp lệ.",
        [ViolationCodes.TimeRequired] = "Chưa nhập thời gian.",
        [ViolationCodes.TimeOutOfRange] = "Thời gian nằm ngoài khoảng cho phép.",
        [ViolationCodes.DurationOutOfRange] = "Thời lượng không hợp lệ.",
        [ViolationCodes.DateRequired] = "Chưa nhập ngày.",
        [ViolationCodes.DateInvalid] = "Ngày không hợp lệ.",
        [ViolationCodes.DateOutOfRange] = "Ngày nằm ngoài khoảng cho phép.",
        [ViolationCodes.EndBeforeStart] = "Thời điểm kết thúc phải sau thời điểm bắt đầu.",
        [ViolationCodes.UnitCodeRequired] = "Chưa chọn đơn vị hành chính.",
        [ViolationCodes.UnitCodeMalformed] = "Mã đơn vị hành chính không đúng định dạng.",
        [ViolationCodes.UnitNotValidToday] = "Đơn vị hành chính không còn hiệu lực.",
        [ViolationCodes.IdRequired] = "Thiếu mã định danh.",
        [ViolationCodes.IdMalformed] = "Mã định danh không hợp lệ.",
        [ViolationCodes.TooManyEntries] = "Quá nhiều mục.",
        [ViolationCodes.ValueNegative] = "Giá trị không được âm.",
        [ViolationCodes.ValueBelowMinimum] = "Giá trị nhỏ hơn mức tối thiểu.",
        [ViolationCodes.NumberInvalid] = "Giá trị phải là số nguyên.",
        [ViolationCodes.YearOutOfRange] = "Năm nằm ngoài khoảng cho phép.",
        [ViolationCodes.ContentEmpty] = "Chưa chọn tệp, hoặc tệp không có dữ liệu.",
        [ViolationCodes.ContentTooLarge] = "Tệp lớn quá mức cho phép.",
        [ViolationCodes.OpinionUnknown] = "Không tìm thấy ý kiến có mã này.",
        [ViolationCodes.OpinionOutsideUnit] = "Ý kiến không thuộc đơn vị của đồng chí.",
        [ViolationCodes.OpinionGivenTwice] = "Ý kiến có trên nhiều dòng.",
        [ViolationCodes.OpinionTransition] = "Không thể chuyển sang trạng thái này.",
        [ViolationCodes.OpinionNeedsAgency] = "Cần có cơ quan chịu trách nhiệm trước khi giao xử lý.",
        [ViolationCodes.OpinionNeedsAnswer] = "Cần nhập nội dung trả lời.",
        [ViolationCodes.OpinionStatusNotRecordable] = "Ý kiến chỉ được ghi nhận ở trạng thái đã tiếp nhận, đã giao xử lý hoặc đã chuyển cơ quan khác.",
        [ViolationCodes.DialogueOutsideUnit] = "Cuộc đối thoại không thuộc đơn vị của đồng chí.",
        [ViolationCodes.FormerUnitsOfCountry] = "Chỉ tổng hợp theo đơn vị cũ khi đã chọn một đơn vị hành chính.",
        [ViolationCodes.PasswordTooShort] = "Mật khẩu quá ngắn.",
        [ViolationCodes.PasswordsDiffer] = "Hai lần nhập mật khẩu không khớp nhau.",
        [ViolationCodes.LinkInvalid] = "Đường dẫn không hợp lệ, đã hết hạn hoặc đã được sử dụng. Đề nghị liên hệ quản trị viên để được cấp đường dẫn mới.",
        [ViolationCodes.MessageMalformed] = "Dữ liệu gửi lên không đúng định dạng.",
        [ViolationCodes.MessageTooDeep] = "Dữ liệu gửi lên lồng nhau quá sâu.",
        [ViolationCodes.TextNotUtf8] = "Văn bản chứa ký tự không hợp lệ.",
        [ViolationCodes.TextHasNul] = "Văn bản chứa ký tự không hợp lệ.",
        [ViolationCodes.MonthInvalid] = "Tháng không hợp lệ (ngày phải để trống hoặc là ngày 1).",
        [ViolationCodes.RangeTooLong] = "Khoảng thời gian dài quá mức cho phép.",
        [ViolationCodes.PageTokenInvalid] = "Trang kết quả không hợp lệ; đề nghị tải lại từ đầu.",
        [ViolationCodes.PageTokenMismatch] = "Điều kiện lọc đã thay đổi; đề nghị tải lại từ đầu.",
        [ViolationCodes.LevelNotBelowParent] = "Cấp đơn vị phải thấp hơn đơn vị cha.",
        [ViolationCodes.SignaturesExceedVoters] = "Số chữ ký không được nhiều hơn số cử tri.",
        [ViolationCodes.HeldOnBeforeSlot] = "Ngày tổ chức không được trước ngày đã xếp lịch.",
        [ViolationCodes.HeldOnInFuture] = "Ngày tổ chức không được sau ngày hôm nay.",
        [ViolationCodes.UnitNotValidOnDate] = "Đơn vị hành chính không tồn tại vào ngày này.",
        [ViolationCodes.DialogueRequired] = "Chưa nhập cuộc đối thoại.",
        [ViolationCodes.DialoguesEmpty] = "Chưa có cuộc đối thoại nào.",
        [ViolationCodes.OpinionsAndCounts] = "Chỉ nhập từng ý kiến hoặc số lượng ý kiến, không nhập cả hai.",
        [ViolationCodes.OpinionCountsExceedReceived] = "Tổng số ý kiến đã trả lời, đã giải quyết và đang giải quyết vượt số ý kiến tiếp nhận.",
        [ViolationCodes.BatchIdMalformed] = "Mã lô dữ liệu không hợp lệ.",
        [ViolationCodes.SourceMalformed] = "Nguồn dữ liệu không hợp lệ.",
        [ViolationCodes.StreamEmpty] = "Không có dữ liệu nào được gửi.",
        [ViolationCodes.ReportsEmpty] = "Chưa có báo cáo nào.",
        [ViolationCodes.TooManyReports] = "Quá nhiều báo cáo trong một lần gửi.",
        [ViolationCodes.ContentUnreadable] = "Không đọc được tệp này.",
        [ViolationCodes.ClientNameMalformed] = "Tên đăng nhập gồm 2–64 ký tự a–z, 0–9, dấu chấm, gạch dưới hoặc gạch ngang, bắt đầu bằng chữ hoặc số.",
        [ViolationCodes.ScopeUnknown] = "Quyền không hợp lệ.",
        [ViolationCodes.ScopeNotForUnit] = "Quản trị viên làm việc trên toàn quốc, không gắn với đơn vị.",
        [ViolationCodes.HolidayPeriodsRequired] = "Quyết định chưa có kỳ nghỉ lễ nào.",
        [ViolationCodes.HolidayGivenTwice] = "Một ngày lễ được nêu hai lần.",
        [ViolationCodes.DateNotInYear] = "Ngày không thuộc năm của quyết định.",
        [ViolationCodes.HolidayOutsidePeriod] = "Kỳ nghỉ không bao gồm ngày lễ.",
        [ViolationCodes.HolidayTooShort] = "Kỳ nghỉ ngắn hơn số ngày nghỉ theo Bộ luật Lao động.",
        [ViolationCodes.DaysOffOverlap] = "Hai kỳ nghỉ trùng ngày nhau.",
        [ViolationCodes.WorkingDayNotWeekend] = "Ngày làm bù phải là ngày cuối tuần.",
        [ViolationCodes.WorkingDayIsDayOff] = "Ngày làm bù trùng với ngày nghỉ.",
        [ViolationCodes.DateGivenTwice] = "Một ngày được nêu hai lần.",
        [ViolationCodes.UnitLevelNotForRole] = "Đơn vị không đúng cấp của vai trò (thư ký cấp xã gắn với xã, phường; cấp tỉnh gắn với tỉnh, thành phố).",
        [ViolationCodes.AnnouncementChannelsRequired] = "Chọn ít nhất một hình thức thông báo.",
        [ViolationCodes.AnnouncementTimeRequired] = "Thông báo phải nêu thời gian.",
        [ViolationCodes.AnnouncementPlaceRequired] = "Thông báo phải nêu địa điểm.",
        [ViolationCodes.AnnouncementContentRequired] = "Thông báo phải nêu nội dung đối thoại.",
        [ViolationCodes.AnnouncementParticipationRequired] = "Thông báo phải nêu cách thức tham gia.",
        [ViolationCodes.SessionOutsideDialogue] = "Phiên đối thoại theo cụm thôn nằm ngoài thời gian của cuộc đối thoại.",
        [ViolationCodes.ActualStartNotOnHeldDay] = "Giờ bắt đầu thực tế phải trong ngày tổ chức.",
        [ViolationCodes.ChannelGivenTwice] = "Một hình thức được chọn hai lần.",
        [ViolationCodes.ReceptionDaysBelowMinimum] = "Số ngày tiếp công dân ít hơn mức tối thiểu.",
        [ViolationCodes.UnitNotAProvince] = "Mã này không phải của tỉnh, thành phố.",
        [ViolationCodes.DayOfMonthInvalid] = "Ngày trong tháng phải từ 1 đến 31.",
    };

    /// <summary>The codes with a message of their own (a test keeps it to every code).</summary>
    public static IReadOnlyCollection<string> Translated => Vietnamese.Keys;

    /// <summary>The messages themselves, the keys of their English (a test keeps each translated).</summary>
    public static IReadOnlyCollection<string> Texts => Vietnamese.Values;

    public string For(string code) => text[Vietnamese.GetValueOrDefault(code, "Giá trị không hợp lệ.")];
}
