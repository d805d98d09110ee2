using System.Buffers;
using System.Collections;
using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text;
using System.Text.Unicode;
using DanVan.Adapters.Errors;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DanVan.Hub.Rpc;

/// <summary>
/// Reads requests so that a body that is not the method's message is the caller's mistake: grpc-dotnet
/// deserializes a request before any interceptor runs and reports a parse failure as UNKNOWN with an
/// error logged. Every request marshaller is wrapped: bytes that are not a valid message, a string
/// that is not UTF-8, or a string holding a NUL character (which PostgreSQL cannot store) are
/// INVALID_ARGUMENT naming the field, found from the descriptors.
/// </summary>
public static class RequestParsing
{
    /// <summary>The marshaller with its deserializer guarded, for a protobuf message type; others as they are.</summary>
    public static Marshaller<T> Guard<T>(Marshaller<T> inner) where T : class
    {
        if (DescriptorOf(typeof(T)) is not { } descriptor)
        {
            return inner;
        }

        return new Marshaller<T>(inner.ContextualSerializer, context =>
        {
            T message;
            try
            {
                message = inner.ContextualDeserializer(context);
            }
            catch (Exception e) when (e is InvalidProtocolBufferException or DecoderFallbackException)
            {
                throw RpcErrors.InvalidArgument([Locate(descriptor, context.PayloadAsReadOnlySequence().ToArray())]);
            }

            if (FirstNul((IMessage)message, "") is { } path)
            {
                throw RpcErrors.InvalidArgument([new FieldViolation(path, ViolationCodes.TextHasNul, "contains a NUL character")]);
            }

            return message;
        });
    }

    private static MessageDescriptor? DescriptorOf(Type type) =>
        typeof(IMessage).IsAssignableFrom(type)
            ? type.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) as MessageDescriptor
            : null;

    /// <summary>
    /// Where a payload that failed to parse goes wrong, as a violation: the path of the string field that is not UTF-8,
    /// or of the field being read when the bytes stopped making sense ("" when it is the message itself).
    /// Runs only on the failure path, once over the bytes.
    /// </summary>
    public static FieldViolation Locate(MessageDescriptor descriptor, byte[] payload)
    {
        const string NotAMessage = "is not a valid protobuf message";
        return Walk(descriptor, new CodedInputStream(payload), "", 0) ?? new FieldViolation("", ViolationCodes.MessageMalformed, NotAMessage);

        static FieldViolation? Walk(MessageDescriptor descriptor, CodedInputStream input, string prefix, int depth)
        {
            if (depth > 100)
            {
                return new FieldViolation(prefix.TrimEnd('.'), ViolationCodes.MessageTooDeep, "nests messages too deeply");
            }

            var counts = new Dictionary<int, int>();
            var current = prefix.TrimEnd('.');
            try
            {
                while (!input.IsAtEnd)
                {
                    var tag = input.ReadTag();
                    var number = WireFormat.GetTagFieldNumber(tag);
                    var field = descriptor.FindFieldByNumber(number);
                    var index = counts[number] = counts.GetValueOrDefault(number) + 1;
                    current = field is null ? prefix + number
                        : field.IsRepeated && !field.IsMap ? $"{prefix}{field.Name}[{index - 1}]" : prefix + field.Name;
                    if (WireFormat.GetTagWireType(tag) != WireFormat.WireType.LengthDelimited || field is null)
                    {
                        input.SkipLastField();
                        continue;
                    }

                    var bytes = input.ReadBytes();
                    if (field.FieldType == FieldType.String && !Utf8.IsValid(bytes.Span))
                    {
                        return new FieldViolation(current, ViolationCodes.TextNotUtf8, "is not valid UTF-8");
                    }

                    if (field.FieldType == FieldType.Message && !field.IsMap
                        && Walk(field.MessageType, new CodedInputStream(bytes.ToByteArray()), current + ".", depth + 1) is { } inner)
                    {
                        return inner;
                    }
                }
            }
            catch (InvalidProtocolBufferException)
            {
                return new FieldViolation(current, ViolationCodes.MessageMalformed, NotAMessage);
            }

            return null;
        }
    }

    /// <summary>The path of the first string holding a NUL character, in nested, repeated and map fields too; null when none does.</summary>
    public static string? FirstNul(IMessage message, string prefix)
    {
        foreach (var field in TextFields(message.Descriptor))
        {
            var value = field.Accessor.GetValue(message);
            var path = prefix + field.Name;
            switch (value)
            {
                case string text when text.Contains('\0'):
                    return path;
                case IMessage child when FirstNul(child, path + ".") is { } inner:
                    return inner;
                case IDictionary map:
                    foreach (DictionaryEntry entry in map)
                    {
                        if ((entry.Key as string)?.Contains('\0') == true || (entry.Value as string)?.Contains('\0') == true)
                        {
                            return $"{path}[{entry.Key}]";
                        }

                        if (entry.Value is IMessage mapped && FirstNul(mapped, $"{path}[{entry.Key}].") is { } inner)
                        {
                            return inner;
                        }
                    }

                    break;
                case IList list:
                    for (var i = 0; i < list.Count; i++)
                    {
                        if (list[i] is string item && item.Contains('\0'))
                        {
                            return $"{path}[{i}]";
                        }

                        if (list[i] is IMessage element && FirstNul(element, $"{path}[{i}].") is { } inner)
                        {
                            return inner;
                        }
                    }

                    break;
            }
        }

        return null;
    }

    private static readonly ConcurrentDictionary<MessageDescriptor, FieldDescriptor[]> TextFieldsOf = new();

    /// <summary>The fields of a message that hold strings, or messages that do (at any depth).</summary>
    private static FieldDescriptor[] TextFields(MessageDescriptor descriptor) => TextFieldsOf.GetOrAdd(descriptor, d =>
        d.Fields.InFieldNumberOrder().Where(f => HoldsText(f, [])).ToArray());

    private static bool HoldsText(FieldDescriptor field, HashSet<MessageDescriptor> visiting) =>
        field.FieldType == FieldType.String
        || (field.FieldType == FieldType.Message && visiting.Add(field.MessageType)
            && field.MessageType.Fields.InFieldNumberOrder().Any(f => HoldsText(f, visiting)));
}

public static class RequestParsingExtensions
{
    /// <summary>Replaces grpc-dotnet's binding of generated services by <see cref="GuardedServiceMethodProvider{TService}"/>.</summary>
    public static IServiceCollection AddGuardedRequestParsing(this IServiceCollection services)
    {
        services.RemoveAll(typeof(IServiceMethodProvider<>));
        services.AddSingleton(typeof(IServiceMethodProvider<>), typeof(GuardedServiceMethodProvider<>));
        return services;
    }
}

/// <summary>
/// Binds each generated service as grpc-dotnet's own provider does (through its BindService method),
/// with every request marshaller guarded by <see cref="RequestParsing"/>. It replaces grpc-dotnet's
/// provider, so no method is bound twice.
/// </summary>
public sealed class GuardedServiceMethodProvider<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] TService>
    : IServiceMethodProvider<TService> where TService : class
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<TService> context)
    {
        var attribute = typeof(TService).GetCustomAttribute<BindServiceMethodAttribute>(inherit: true);
        var bind = attribute?.BindType.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            .SingleOrDefault(m => m.Name == attribute.BindMethodName && m.GetParameters() is [var binder, _] && binder.ParameterType == typeof(ServiceBinderBase));
        if (bind is null)
        {
            return;
        }

        bind.Invoke(null, [new Binder(context, bind.GetParameters()[1].ParameterType), null]);
    }

    private sealed class Binder(ServiceMethodProviderContext<TService> context, Type declaringType) : ServiceBinderBase
    {
        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler) =>
            context.AddUnaryMethod(Guarded(method), Metadata(method.Name, out var m, typeof(TRequest), typeof(ServerCallContext)),
                m.CreateDelegate<UnaryServerMethod<TService, TRequest, TResponse>>());

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler) =>
            context.AddClientStreamingMethod(Guarded(method), Metadata(method.Name, out var m, typeof(IAsyncStreamReader<TRequest>), typeof(ServerCallContext)),
                m.CreateDelegate<ClientStreamingServerMethod<TService, TRequest, TResponse>>());

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler) =>
            context.AddServerStreamingMethod(Guarded(method), Metadata(method.Name, out var m, typeof(TRequest), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext)),
                m.CreateDelegate<ServerStreamingServerMethod<TService, TRequest, TResponse>>());

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler) =>
            context.AddDuplexStreamingMethod(Guarded(method),
                Metadata(method.Name, out var m, typeof(IAsyncStreamReader<TRequest>), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext)),
                m.CreateDelegate<DuplexStreamingServerMethod<TService, TRequest, TResponse>>());

        private static Method<TRequest, TResponse> Guarded<TRequest, TResponse>(Method<TRequest, TResponse> method) where TRequest : class where TResponse : class =>
            new(method.Type, method.ServiceName, method.Name, RequestParsing.Guard(method.RequestMarshaller), method.ResponseMarshaller);

        /// <summary>The service's override of the generated method, and the endpoint metadata grpc-dotnet gives it.</summary>
        private List<object> Metadata(string name, out MethodInfo method, params Type[] parameters)
        {
            method = Override(name, parameters) ?? throw new InvalidOperationException($"Could not find '{name}' on {typeof(TService)}.");
            var metadata = new List<object>();
            metadata.AddRange(typeof(TService).GetCustomAttributes(inherit: true));
            metadata.AddRange(method.GetCustomAttributes(inherit: true));
            metadata.Add(new Microsoft.AspNetCore.Routing.HttpMethodMetadata(["POST"], acceptCorsPreflight: true));
            return metadata;
        }

        private MethodInfo? Override(string name, Type[] parameters)
        {
            for (var type = typeof(TService); type is not null; type = type.BaseType)
            {
                var found = type.GetMethod(name, BindingFlags.Public | BindingFlags.Instance, null, parameters, null);
                if (found is null)
                {
                    return null;
                }

                if (found.IsVirtual && found.GetBaseDefinition().DeclaringType == declaringType)
                {
                    return found;
                }
            }

            return null;
        }
    }
}
