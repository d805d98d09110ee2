namespace DanVan.Scheduler.Calendar;

/// <summary>
/// The Vietnamese lunisolar calendar, computed astronomically at UTC+7 (Hồ Ngọc Đức's method: new
/// moons and solar longitudes from Jean Meeus's formulas). .NET's <c>ChineseLunisolarCalendar</c> uses
/// China's UTC+8 and so disagrees whenever a new moon falls between 16:00 and 17:00 UTC — Tết 2007 was
/// 17 February in Vietnam (18 in China), Tết 2030 is 2 February (3 in China).
/// </summary>
public static class VietnameseLunarCalendar
{
    private const double TimeZone = 7.0;
    private const double SynodicMonth = 29.530588853;

    /// <summary>The solar date of a lunar date; <paramref name="leapMonth"/> picks the leap month of that number.</summary>
    public static DateOnly ToSolar(int lunarYear, int lunarMonth, int lunarDay, bool leapMonth = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lunarMonth, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(lunarMonth, 12);
        ArgumentOutOfRangeException.ThrowIfLessThan(lunarDay, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(lunarDay, 30);

        long a11, b11;
        if (lunarMonth < 11)
        {
            a11 = LunarMonth11(lunarYear - 1);
            b11 = LunarMonth11(lunarYear);
        }
        else
        {
            a11 = LunarMonth11(lunarYear);
            b11 = LunarMonth11(lunarYear + 1);
        }

        var k = (long)Math.Floor(0.5 + (a11 - 2415021.076998695) / SynodicMonth);
        var offset = lunarMonth - 11;
        if (offset < 0)
        {
            offset += 12;
        }

        if (b11 - a11 > 365)
        {
            var leapOffset = LeapMonthOffset(a11);
            var leap = leapOffset - 2;
            if (leap < 0)
            {
                leap += 12;
            }

            if (leapMonth && lunarMonth != leap)
            {
                throw new ArgumentException($"Lunar year {lunarYear} has no leap month {lunarMonth}.", nameof(leapMonth));
            }

            if (leapMonth || offset >= leapOffset)
            {
                offset++;
            }
        }
        else if (leapMonth)
        {
            throw new ArgumentException($"Lunar year {lunarYear} has no leap month.", nameof(leapMonth));
        }

        return FromJulianDay(NewMoonDay(k + offset) + lunarDay - 1);
    }

    /// <summary>Tết Nguyên Đán: the first day of the first lunar month.</summary>
    public static DateOnly NewYear(int year) => ToSolar(year, 1, 1);

    private static long LunarMonth11(int year)
    {
        var offset = ToJulianDay(new DateOnly(year, 12, 31)) - 2415021;
        var k = (long)Math.Floor(offset / SynodicMonth);
        var newMoon = NewMoonDay(k);
        return SunLongitudeSector(newMoon) >= 9 ? NewMoonDay(k - 1) : newMoon;
    }

    private static int LeapMonthOffset(long a11)
    {
        var k = (long)Math.Floor((a11 - 2415021.076998695) / SynodicMonth + 0.5);
        var i = 1;
        var arc = SunLongitudeSector(NewMoonDay(k + i));
        int last;
        do
        {
            last = arc;
            i++;
            arc = SunLongitudeSector(NewMoonDay(k + i));
        }
        while (arc != last && i < 14);

        return i - 1;
    }

    private static long NewMoonDay(long k) => (long)Math.Floor(NewMoon(k) + 0.5 + TimeZone / 24);

    /// <summary>The solar longitude at the start of the local day, as one of twelve 30° sectors.</summary>
    private static int SunLongitudeSector(long julianDay) =>
        (int)Math.Floor(SunLongitude(julianDay - 0.5 - TimeZone / 24) / Math.PI * 6);

    /// <summary>Julian day of the k-th new moon after 1900-01-01 13:52 UT.</summary>
    private static double NewMoon(long k)
    {
        const double dr = Math.PI / 180;
        var t = k / 1236.85;
        var t2 = t * t;
        var t3 = t2 * t;
        var jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3
                  + 0.00033 * Math.Sin((166.56 + 132.87 * t - 0.009173 * t2) * dr);
        var m = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3;
        var mpr = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3;
        var f = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3;
        var c1 = (0.1734 - 0.000393 * t) * Math.Sin(m * dr) + 0.0021 * Math.Sin(2 * dr * m)
                 - 0.4068 * Math.Sin(mpr * dr) + 0.0161 * Math.Sin(dr * 2 * mpr)
                 - 0.0004 * Math.Sin(dr * 3 * mpr)
                 + 0.0104 * Math.Sin(dr * 2 * f) - 0.0051 * Math.Sin(dr * (m + mpr))
                 - 0.0074 * Math.Sin(dr * (m - mpr)) + 0.0004 * Math.Sin(dr * (2 * f + m))
                 - 0.0004 * Math.Sin(dr * (2 * f - m)) - 0.0006 * Math.Sin(dr * (2 * f + mpr))
                 + 0.0010 * Math.Sin(dr * (2 * f - mpr)) + 0.0005 * Math.Sin(dr * (2 * mpr + m));
        var deltaT = t < -11
            ? 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
            : -0.000278 + 0.000265 * t + 0.000262 * t2;
        return jd1 + c1 - deltaT;
    }

    /// <summary>The sun's apparent longitude in radians, [0, 2π).</summary>
    private static double SunLongitude(double julianDay)
    {
        const double dr = Math.PI / 180;
        var t = (julianDay - 2451545.0) / 36525;
        var t2 = t * t;
        var m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2;
        var l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
        var dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * Math.Sin(dr * m)
                 + (0.019993 - 0.000101 * t) * Math.Sin(dr * 2 * m) + 0.000290 * Math.Sin(dr * 3 * m);
        var l = (l0 + dl) * dr;
        return l - Math.PI * 2 * Math.Floor(l / (Math.PI * 2));
    }

    // Day numbers: DateOnly.DayNumber counts from 0001-01-01 (proleptic Gregorian), Julian day 1721426.
    private static long ToJulianDay(DateOnly date) => date.DayNumber + 1721426L;

    private static DateOnly FromJulianDay(long julianDay) => DateOnly.FromDayNumber((int)(julianDay - 1721426L));
}
