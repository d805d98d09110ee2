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
        [ViolationCodes.YearOutOfRange] = "Năm nằm ngoài khoảng cho phép.",
        [ViolationCodes.ContentEmpty] = "Chưa chọn tệp, hoặc tệp không có dữ liệu.",
        [ViolationCodes.ContentTooLarge] = "Tệp lớn quá mức cho phép.",
        [ViolationCodes.OpinionUnknown] = "Không tìm thấy ý kiến có mã này.",
        [ViolationCodes.OpinionOutsideUnit] = "Ý kiến không thuộc đơn vị của đồng chí.",
        [ViolationCodes.OpinionGivenTwice] = "Ý kiến có trên nhiều dòng.",
        [ViolationCodes.OpinionTransition] = "Không thể chuyển sang trạng thái này.",
        [ViolationCodes.OpinionNeedsAgency] = "Cần có cơ quan chịu trách nhiệm trước khi giao xử lý.",
        [ViolationCodes.OpinionNeedsAnswer] = "Cần nhập nội dung trả lời.",
        [ViolationCodes.PasswordTooShort] = "Mật khẩu quá ngắn.",
        [ViolationCodes.PasswordsDiffer] = "Hai lần nhập mật khẩu không khớp nhau.",
        [ViolationCodes.LinkInvalid] = "Đường dẫn không hợp lệ, đã hết hạn hoặc đã được sử dụng. Đề nghị liên hệ quản trị viên để được cấp đường dẫn mới.",
    };

    public string For(string code) => text[Vietnamese.GetValueOrDefault(code, "Giá trị không hợp lệ.")];
}
