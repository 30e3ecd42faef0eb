using System.Globalization;
using System.Text;
using OpenData.Etl.Diagnostics;

namespace OpenData.Etl.Rdf;

/// <summary>
/// A Turtle reader for catalog files: prefixes and base, IRIs, prefixed names, <c>a</c>, string literals
/// (short and long, with escapes), language tags, datatypes, numbers and booleans, labelled and
/// <c>[ ... ]</c> blank nodes, and <c>;</c> / <c>,</c> lists. Collections <c>( ... )</c> are refused.
/// </summary>
public sealed class TurtleParser
{
    private readonly string _text;
    private readonly string _file;
    private readonly RdfGraph _graph = new();
    private readonly Dictionary<string, string> _prefixes = new(StringComparer.Ordinal);
    private string? _base;
    private int _pos;
    private int _line = 1;
    private int _blank;

    private TurtleParser(string text, string file)
    {
        _text = text;
        _file = file;
    }

    public static RdfGraph Parse(string text, string file)
    {
        var parser = new TurtleParser(text, file);
        parser.Document();
        return parser._graph;
    }

    private void Document()
    {
        while (true)
        {
            Skip();
            if (_pos >= _text.Length) return;
            if (Peek('@') || StartsWithKeyword("PREFIX") || StartsWithKeyword("BASE"))
            {
                Directive();
                continue;
            }
            var line = _line;
            var subject = Subject();
            _graph.SubjectLines.TryAdd(subject, line);
            Skip();
            if (!(Peek('.') && subject.Kind == TermKind.Blank)) PredicateObjectList(subject);
            Skip();
            Expect('.');
        }
    }

    private void Directive()
    {
        var sparql = !Peek('@');
        if (!sparql) _pos++;
        var word = Name();
        Skip();
        if (word.Equals("prefix", StringComparison.OrdinalIgnoreCase))
        {
            var prefix = Name();
            Expect(':');
            Skip();
            _prefixes[prefix] = IriRef();
        }
        else if (word.Equals("base", StringComparison.OrdinalIgnoreCase))
        {
            _base = IriRef();
        }
        else
        {
            throw Fail($"unknown directive '{word}'.");
        }
        Skip();
        if (!sparql) Expect('.');
    }

    private RdfTerm Subject()
    {
        if (Peek('[')) return BlankNodePropertyList();
        var term = Term();
        if (term.Kind == TermKind.Literal) throw Fail("a literal cannot be a subject.");
        return term;
    }

    private void PredicateObjectList(RdfTerm subject)
    {
        while (true)
        {
            Skip();
            var predicate = Predicate();
            while (true)
            {
                Skip();
                _graph.Add(subject, predicate, Object());
                Skip();
                if (!Peek(',')) break;
                _pos++;
            }
            Skip();
            if (!Peek(';')) return;
            while (Peek(';'))
            {
                _pos++;
                Skip();
            }
            if (Peek('.') || Peek(']')) return;
        }
    }

    private string Predicate()
    {
        if (Peek('a') && _pos + 1 < _text.Length && (char.IsWhiteSpace(_text[_pos + 1]) || _text[_pos + 1] is '<' or '"'))
        {
            _pos++;
            return Vocab.Type;
        }
        var term = Term();
        if (term.Kind != TermKind.Iri) throw Fail("a predicate must be an IRI.");
        return term.Value;
    }

    private RdfTerm Object() => Peek('[') ? BlankNodePropertyList() : Term();

    private RdfTerm BlankNodePropertyList()
    {
        Expect('[');
        var node = RdfTerm.Blank($"b{++_blank}");
        Skip();
        if (!Peek(']')) PredicateObjectList(node);
        Skip();
        Expect(']');
        return node;
    }

    private RdfTerm Term()
    {
        Skip();
        if (_pos >= _text.Length) throw Fail("unexpected end of file.");
        var c = _text[_pos];
        if (c == '<') return RdfTerm.Iri(IriRef());
        if (c is '"' or '\'') return Literal();
        if (c == '(') throw Fail("RDF collections ( ... ) are not supported.");
        if (c == '_' && _pos + 1 < _text.Length && _text[_pos + 1] == ':')
        {
            _pos += 2;
            return RdfTerm.Blank("l_" + Name());
        }
        if (char.IsDigit(c) || c is '+' or '-') return Number();
        var name = PrefixedName();
        if (name is "true" or "false") return RdfTerm.Typed(name, Vocab.Xsd + "boolean");
        return RdfTerm.Iri(ExpandName(name));
    }

    private RdfTerm Literal()
    {
        var quote = _text[_pos];
        var isLong = _pos + 2 < _text.Length && _text[_pos + 1] == quote && _text[_pos + 2] == quote;
        _pos += isLong ? 3 : 1;
        var value = new StringBuilder();
        while (true)
        {
            if (_pos >= _text.Length) throw Fail("unterminated string.");
            var c = _text[_pos];
            if (isLong && c == quote && _pos + 2 < _text.Length && _text[_pos + 1] == quote && _text[_pos + 2] == quote)
            {
                _pos += 3;
                break;
            }
            if (!isLong && c == quote)
            {
                _pos++;
                break;
            }
            if (!isLong && c is '\n' or '\r') throw Fail("line break inside a short string; use \"\"\" for long strings.");
            if (c == '\n') _line++;
            if (c == '\\')
            {
                value.Append(Escape());
                continue;
            }
            value.Append(c);
            _pos++;
        }
        if (Peek('@'))
        {
            _pos++;
            var start = _pos;
            while (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] == '-')) _pos++;
            return RdfTerm.Text(value.ToString(), _text[start.._pos]);
        }
        if (_pos + 1 < _text.Length && _text[_pos] == '^' && _text[_pos + 1] == '^')
        {
            _pos += 2;
            var datatype = Term();
            return RdfTerm.Typed(value.ToString(), datatype.Value);
        }
        return RdfTerm.Plain(value.ToString());
    }

    private string Escape()
    {
        var e = _text[_pos + 1];
        _pos += 2;
        switch (e)
        {
            case 't': return "\t";
            case 'n': return "\n";
            case 'r': return "\r";
            case 'b': return "\b";
            case 'f': return "\f";
            case '"': return "\"";
            case '\'': return "'";
            case '\\': return "\\";
            case 'u' or 'U':
                var length = e == 'u' ? 4 : 8;
                var code = int.Parse(_text.AsSpan(_pos, length), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                _pos += length;
                return char.ConvertFromUtf32(code);
            default: throw Fail($"unknown escape '\\{e}'.");
        }
    }

    private RdfTerm Number()
    {
        var start = _pos;
        while (_pos < _text.Length && (char.IsDigit(_text[_pos]) || _text[_pos] is '+' or '-' or '.' or 'e' or 'E'))
        {
            // A final '.' ends the statement, it is not a decimal point.
            if (_text[_pos] == '.' && (_pos + 1 >= _text.Length || !char.IsDigit(_text[_pos + 1]))) break;
            _pos++;
        }
        var text = _text[start.._pos];
        var type = text.Contains('e', StringComparison.OrdinalIgnoreCase) ? "double" : text.Contains('.', StringComparison.Ordinal) ? "decimal" : "integer";
        return RdfTerm.Typed(text, Vocab.Xsd + type);
    }

    private string IriRef()
    {
        Expect('<');
        var end = _text.IndexOf('>', _pos);
        if (end < 0) throw Fail("unterminated IRI.");
        var iri = _text[_pos..end];
        _pos = end + 1;
        if (_base is not null && !Uri.TryCreate(iri, UriKind.Absolute, out _) && Uri.TryCreate(new Uri(_base), iri, out var resolved)) return resolved.AbsoluteUri;
        return iri;
    }

    private string PrefixedName()
    {
        var start = _pos;
        while (_pos < _text.Length && (char.IsLetterOrDigit(_text[_pos]) || _text[_pos] is '_' or '-' or ':' or '.' or '%'))
        {
            if (_text[_pos] == '.' && (_pos + 1 >= _text.Length || !(char.IsLetterOrDigit(_text[_pos + 1]) || _text[_pos + 1] is '_' or '-'))) break;
            _pos++;
        }
        if (_pos == start) throw Fail($"unexpected character '{_text[_pos]}'.");
        return _text[start.._pos];
    }

    private string ExpandName(string name)
    {
        var colon = name.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0) throw Fail($"'{name}' is neither a prefixed name nor a keyword.");
        if (!_prefixes.TryGetValue(name[..colon], out var ns)) throw Fail($"prefix '{name[..colon]}:' is not declared.");
        return ns + name[(colon + 1)..];
    }

    private string Name()
    {
        var start = _pos;
        while (_pos < _text.Length && (char.IsLetterOrDigit(_text[_pos]) || _text[_pos] is '_' or '-')) _pos++;
        return _text[start.._pos];
    }

    private bool StartsWithKeyword(string keyword) =>
        string.Compare(_text, _pos, keyword, 0, keyword.Length, StringComparison.OrdinalIgnoreCase) == 0
        && _pos + keyword.Length < _text.Length && char.IsWhiteSpace(_text[_pos + keyword.Length]);

    private bool Peek(char c) => _pos < _text.Length && _text[_pos] == c;

    private void Expect(char c)
    {
        Skip();
        if (!Peek(c)) throw Fail(_pos < _text.Length ? $"expected '{c}', found '{_text[_pos]}'." : $"expected '{c}' before the end of the file.");
        _pos++;
    }

    private void Skip()
    {
        while (_pos < _text.Length)
        {
            var c = _text[_pos];
            if (c == '\n') _line++;
            if (char.IsWhiteSpace(c)) _pos++;
            else if (c == '#')
            {
                while (_pos < _text.Length && _text[_pos] != '\n') _pos++;
            }
            else return;
        }
    }

    private EtlException Fail(string message) =>
        new(FailureKind.Data, Diagnostic.Error(Codes.RdfSyntax, $"Turtle: {message}", new TextLocation(_file, _line)));
}
