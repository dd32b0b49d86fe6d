using System.Collections;

namespace Pipeline.Extract;

/// <summary>
/// A read-only list of a table's records over its columns (<see cref="IdColumn"/> and the others): a record is
/// built when it is read, so only the rows a stage is looking at exist as objects.
/// </summary>
/// <remarks>
/// NOTE: every read builds a new record, so records from two reads are equal but not the same instance, and a
/// caller that reads a table many times pays for the records each time; groupings that keep records should keep
/// only the fields they need.
/// </remarks>
public sealed class ColumnarTable<T>(int count, Func<int, T> materialise) : IReadOnlyList<T>, IList<T>
{
    public int Count { get; } = count;

    public bool IsReadOnly => true;

    public T this[int index]
    {
        get => (uint)index < (uint)Count ? materialise(index) : throw new ArgumentOutOfRangeException(nameof(index));
        set => throw new NotSupportedException();
    }

    public IEnumerator<T> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return materialise(i);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public void CopyTo(T[] array, int arrayIndex)
    {
        for (var i = 0; i < Count; i++)
        {
            array[arrayIndex + i] = materialise(i);
        }
    }

    public int IndexOf(T item)
    {
        var comparer = EqualityComparer<T>.Default;
        for (var i = 0; i < Count; i++)
        {
            if (comparer.Equals(materialise(i), item))
            {
                return i;
            }
        }

        return -1;
    }

    public bool Contains(T item) => IndexOf(item) >= 0;

    public void Add(T item) => throw new NotSupportedException();

    public void Clear() => throw new NotSupportedException();

    public void Insert(int index, T item) => throw new NotSupportedException();

    public bool Remove(T item) => throw new NotSupportedException();

    public void RemoveAt(int index) => throw new NotSupportedException();
}
